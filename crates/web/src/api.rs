//! The JSON API under `/api/v1` (described at `/api/openapi.json`): public submission and
//! tracking of applications and consultations, published reports; and, with an agency's API
//! token (`Authorization: Bearer gk_…`), everything the console does.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use gongkai_store::{AgencyId, Applicant, ApplicationId, ConsultationChannel, NewApplication, NewConsultation, codes};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::{ApiCaller, CurrentUser, Permission};
use crate::deadline::{self, Urgency};
use crate::error::{ApiResult, Error, ErrorBody, ErrorDetail};
use crate::security::{ApiJson, Bucket, ClientIp, parse_json};
use crate::service::{self, EventFields, OnlineApplication};

#[derive(OpenApi)]
#[openapi(
    info(title = "gongkai API", description = "政府信息公开平台接口：申请、查询、咨询、年度报告与办理。"),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

pub fn router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(submit_application))
        .routes(routes!(application_status))
        .routes(routes!(report))
        .routes(routes!(search))
        .routes(routes!(submit_consultation))
        .routes(routes!(consultation_status))
        .routes(routes!(queue))
        .routes(routes!(register_case))
        .routes(routes!(case))
        .routes(routes!(case_event))
        .routes(routes!(sign_reply))
        .routes(routes!(return_reply))
        .routes(routes!(case_letter))
        .routes(routes!(staff_consultations, log_consultation))
        .routes(routes!(answer_consultation))
        .routes(routes!(report_findings))
        .routes(routes!(crate::supervision::rollup_api))
        .split_for_parts()
}

/// The API routes whose bodies carry files (their own body limit, see `build_app`), with the
/// routes that list and serve files beside them so one OpenAPI section documents files.
pub fn files_router() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::new()
        .routes(routes!(application_files, add_application_file))
        .routes(routes!(application_file))
        .routes(routes!(case_files, add_case_file))
        .routes(routes!(case_file))
        .split_for_parts()
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileParams {
    /// The file's name as the applicant or clerk knows it (its kind is told by its content).
    #[serde(default)]
    pub name: String,
    /// For staff: application (申请材料), working (办理材料) or release (向申请人提供的信息).
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileOut {
    pub id: i64,
    pub name: String,
    /// pdf, docx, xlsx, png, jpeg, text
    pub kind: String,
    /// application, working, release
    pub role: String,
    pub size: u64,
    pub uploaded_at: String,
}

impl From<&gongkai_store::CaseFile> for FileOut {
    fn from(f: &gongkai_store::CaseFile) -> FileOut {
        FileOut {
            id: f.id.0,
            name: f.name.clone(),
            kind: f.kind.code().into(),
            role: f.role.code().into(),
            size: f.size,
            uploaded_at: f.uploaded_at.clone(),
        }
    }
}

/// One file checked by its content and stored on case `id` as `role`.
async fn store_one(
    state: &AppState,
    id: ApplicationId,
    name: &str,
    body: axum::body::Bytes,
    role: gongkai_core::files::FileRole,
    actor: &gongkai_store::Actor,
) -> ApiResult<(StatusCode, Json<FileOut>)> {
    let name = if name.trim().is_empty() { "附件".to_string() } else { name.to_string() };
    let checked = crate::files::check_files(vec![(name, body.to_vec())]).await?;
    let stored = crate::files::store_files(state, id, &checked, role, actor).await?;
    let added = stored.first().ok_or_else(|| Error::internal("one file stored"))?;
    Ok((StatusCode::CREATED, Json(FileOut::from(added))))
}

/// The files the applicant sees on their application (their own material; after the reply,
/// the information released to them), with the secret in `X-Tracking-Secret`.
#[utoipa::path(get, path = "/api/v1/applications/{tracking_code}/files", tag = "public",
    params(("tracking_code" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses((status = 200, body = Vec<FileOut>), (status = 403, body = ErrorBody)))]
async fn application_files(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Json<Vec<FileOut>>> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let d = service::tracked_application(&state, &code, &secret_of(&headers)).await?;
    let concluded = d.lifecycle.concluded().is_some();
    let files = state.store.case_files(d.id).await?;
    Ok(Json(files.iter().filter(|f| crate::files::visible_to_applicant(f, concluded)).map(FileOut::from).collect()))
}

/// Attach a file to one's application while it is open (the request body is the file; at most
/// 20 MB; PDF, DOCX, XLSX, PNG, JPEG or UTF-8 text, told by content), with the secret in
/// `X-Tracking-Secret`.
#[utoipa::path(post, path = "/api/v1/applications/{tracking_code}/files", tag = "public",
    params(("tracking_code" = String, Path), ("X-Tracking-Secret" = String, Header), FileParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = FileOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_application_file(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(params): Query<FileParams>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<FileOut>)> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let d = service::tracked_application(&state, &code, &secret_of(&headers)).await?;
    if d.lifecycle.concluded().is_some() {
        return Err(Error::Invalid("申请已办结，不能再补充材料".into()).into());
    }
    let role = gongkai_core::files::FileRole::Application;
    store_one(&state, d.id, &params.name, body, role, &crate::files::applicant_actor()?).await
}

/// One file of one's application, if the applicant may see it; the download is logged.
#[utoipa::path(get, path = "/api/v1/applications/{tracking_code}/files/{file}", tag = "public",
    params(("tracking_code" = String, Path), ("file" = i64, Path), ("X-Tracking-Secret" = String, Header)),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
async fn application_file(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path((code, file)): Path<(String, i64)>,
) -> ApiResult<axum::response::Response> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let d = service::tracked_application(&state, &code, &secret_of(&headers)).await?;
    let concluded = d.lifecycle.concluded().is_some();
    let actor = gongkai_store::Actor::new("申请人（文件下载）")?;
    Ok(crate::files::serve(&state, d.id, gongkai_store::CaseFileId(file), &actor, |f| {
        crate::files::visible_to_applicant(f, concluded)
    })
    .await?)
}

/// The files of a case (staff of the handling agency who may read personal data).
#[utoipa::path(get, path = "/api/v1/cases/{id}/files", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<FileOut>), (status = 404, body = ErrorBody)))]
async fn case_files(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<FileOut>>> {
    let agency = readable_case(&state, &user, id).await?;
    if !crate::files::may_see_files(&user, &agency) {
        return Err(Error::Forbidden.into());
    }
    Ok(Json(state.store.case_files(ApplicationId(id)).await?.iter().map(FileOut::from).collect()))
}

/// Put a file on a case (the request body is the file): registrars the applicant's papers
/// (`role=application`), handlers any role.
#[utoipa::path(post, path = "/api/v1/cases/{id}/files", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path), FileParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = FileOut), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_case_file(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    Query(params): Query<FileParams>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<FileOut>)> {
    let agency = readable_case(&state, &user, id).await?;
    let (handles, registers) = (user.may(Permission::Handle, &agency), user.may(Permission::Register, &agency));
    if user.agency != agency || !(handles || registers) {
        return Err(Error::Forbidden.into());
    }
    let role = crate::files::upload_role(&params.role, handles)?;
    store_one(&state, ApplicationId(id), &params.name, body, role, &user.actor()).await
}

/// One file of a case (staff of the handling agency who may read personal data); logged.
#[utoipa::path(get, path = "/api/v1/cases/{id}/files/{file}", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path), ("file" = i64, Path)),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
async fn case_file(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path((id, file)): Path<(i64, i64)>,
) -> ApiResult<axum::response::Response> {
    let agency = readable_case(&state, &user, id).await?;
    if !crate::files::may_see_files(&user, &agency) {
        return Err(Error::Forbidden.into());
    }
    Ok(crate::files::serve(&state, ApplicationId(id), gongkai_store::CaseFileId(file), &user.actor(), |_| true).await?)
}

/// The header carrying the applicant's secret.
const SECRET_HEADER: &str = "x-tracking-secret";

fn secret_of(headers: &HeaderMap) -> String {
    headers.get(SECRET_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicantIn {
    /// natural, commercial, research, public_interest, legal_service, other_org
    pub kind: String,
    pub name: String,
    /// 证件类型: resident_id, passport, hk_macao_permit, taiwan_permit,
    /// foreign_permanent_resident, credit_code, other; omitted: the type the number shows.
    #[serde(default)]
    pub id_type: String,
    /// The document's number (checked for its type), or the 统一社会信用代码.
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// Required when `delivery` is by e-mail.
    #[serde(default)]
    pub email: String,
    /// 法定代表人或负责人 (organisations).
    #[serde(default)]
    pub representative: String,
    /// 联系人 (organisations).
    #[serde(default)]
    pub contact_person: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicationIn {
    /// Agency id (e.g. `demo`).
    pub agency: String,
    pub applicant: ApplicantIn,
    /// The information sought, one entry per item.
    pub items: Vec<String>,
    /// How to receive the information (电子邮件, 邮寄 …).
    pub delivery: String,
    /// The secret to follow the application (6–100 characters).
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationCreated {
    pub tracking_code: String,
    pub agency: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    /// The reply deadline (YYYY-MM-DD) if receipt is confirmed on the day of submission.
    pub due_date: Option<String>,
    /// `provisional`: online applications are received on the day both sides confirm (Art. 31).
    pub due_date_basis: String,
    pub stage: String,
}

/// Submit an application online (public). Committed before the answer.
#[utoipa::path(post, path = "/api/v1/applications", request_body = ApplicationIn, tag = "public",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key with the same body answers the first registration again (header Idempotent-Replayed: true); with another body 422 idempotency_key_reused. 1–200 visible ASCII characters, e.g. a UUID.")),
    responses((status = 201, body = ApplicationCreated), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn submit_application(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    bytes: axum::body::Bytes,
) -> ApiResult<Response> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let request = crate::security::request_key(&headers, "public /api/v1/applications", &bytes)?;
    let body: ApplicationIn = parse_json(&bytes)?;
    let agency = body.agency.clone();
    let (registered, on, replayed) = match service::earlier_request(&state, request.as_ref()).await? {
        Some((r, on)) => (r, on, true),
        None => {
            let input = OnlineApplication {
                agency: body.agency,
                applicant_kind: body.applicant.kind,
                name: body.applicant.name,
                id_type: body.applicant.id_type,
                id_number: body.applicant.id_number,
                phone: body.applicant.phone,
                address: body.applicant.address,
                email: body.applicant.email,
                representative: body.applicant.representative,
                contact_person: body.applicant.contact_person,
                delivery: body.delivery,
                items: body.items,
                secret: body.secret,
                secret_again: None,
            };
            let app = service::check_online(&state, &input)
                .await
                .map_err(|errors| Error::Invalid(service::FieldError::joined(&errors)))?;
            match service::submit_online(&state, &app, &input.secret, request.as_ref()).await {
                Ok((r, _)) => (r, app.registered_on, false),
                // The same submission sent twice at once: the other one registered it.
                Err(e) => match service::earlier_request(&state, request.as_ref()).await? {
                    Some((r, on)) => (r, on, true),
                    None => return Err(e.into()),
                },
            }
        }
    };
    let due = crate::deadline::provisional_due(&*state.calendar.read().await, on);
    let body = ApplicationCreated {
        tracking_code: registered.tracking_code,
        agency,
        registered_on: on.to_string(),
        due_date: due.map(|d| d.to_string()),
        due_date_basis: "provisional".into(),
        stage: "awaiting_confirmation".into(),
    };
    Ok(created(body, replayed))
}

/// 201 with the body; a replayed submission (its idempotency key seen before) says so.
fn created(body: impl Serialize, replayed: bool) -> Response {
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if replayed {
        response.headers_mut().insert("idempotent-replayed", axum::http::HeaderValue::from_static("true"));
    }
    response
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepOut {
    pub date: String,
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationStatus {
    pub tracking_code: String,
    pub agency: String,
    /// Stage code (awaiting_confirmation, processing, awaiting_correction, consulting, awaiting_payment, concluded).
    pub stage: String,
    pub stage_label: String,
    pub registered_on: String,
    pub received_on: Option<String>,
    pub due_date: Option<String>,
    /// The due date was counted without its year's official holiday notice (Monday–Friday less
    /// the holidays fixed by date): it may still move.
    pub due_date_provisional: bool,
    pub outcome: Option<String>,
    /// The report's wording of the outcome (table 三's row).
    pub outcome_label: Option<String>,
    /// The outcome in plain words for the applicant.
    pub outcome_plain: Option<String>,
    pub concluded_on: Option<String>,
    pub steps: Vec<StepOut>,
}

/// An application's progress, with the secret in the `X-Tracking-Secret` header (public).
#[utoipa::path(get, path = "/api/v1/applications/{tracking_code}", tag = "public",
    params(("tracking_code" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses((status = 200, body = ApplicationStatus), (status = 403, body = ErrorBody)))]
async fn application_status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Json<ApplicationStatus>> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let d = service::tracked_application(&state, &code, &secret_of(&headers)).await?;
    let lc = &d.lifecycle;
    let calendar = state.calendar.read().await;
    let due = deadline::due(lc, &calendar, state.today());
    let provisional = due.is_some_and(|(d, _)| deadline::is_provisional(&calendar, d));
    drop(calendar);
    let mut steps = vec![StepOut { date: d.registered_on.to_string(), label: "提交申请".into() }];
    for e in state.store.events(d.id).await? {
        steps.push(StepOut { date: e.event.date().to_string(), label: e.event.label().into() });
    }
    let concluded = lc.concluded();
    Ok(Json(ApplicationStatus {
        tracking_code: d.tracking_code.clone(),
        agency: d.agency.to_string(),
        stage: codes::stage(&lc.stage).into(),
        stage_label: lc.stage_label().into(),
        registered_on: d.registered_on.to_string(),
        received_on: lc.clock.received.map(|x| x.to_string()),
        due_date: if concluded.is_some() { None } else { due.map(|x| x.0.to_string()) },
        due_date_provisional: concluded.is_none() && provisional,
        outcome: concluded.map(|(_, o)| codes::outcome(o).to_string()),
        outcome_label: concluded.map(|(_, o)| o.label().to_string()),
        outcome_plain: concluded.map(|(_, o)| o.plain().to_string()),
        concluded_on: concluded.map(|(on, _)| on.to_string()),
        steps,
    }))
}

async fn optional_caller(state: &AppState, headers: &HeaderMap) -> Option<CurrentUser> {
    use axum::extract::FromRequestParts;
    let mut req = axum::http::Request::builder().body(()).ok()?;
    *req.headers_mut() = headers.clone();
    let (mut parts, ()) = req.into_parts();
    ApiCaller::from_request_parts(&mut parts, state).await.ok().map(|c| c.0)
}

fn parse_agency_year(agency: &str, year: &str) -> Result<(AgencyId, i16), Error> {
    let agency = AgencyId::new(agency).map_err(|_| Error::NotFound(format!("机关“{agency}”不存在")))?;
    let year = year.parse::<i16>().map_err(|_| Error::NotFound(format!("年度“{year}”无效")))?;
    Ok((agency, year))
}

/// The annual report (gongkai-report/1 JSON) of an agency and year: for the public as the agency
/// published it; with a token of its staff, compiled from the records now (any year).
#[utoipa::path(get, path = "/api/v1/reports/{agency}/{year}", tag = "public",
    params(("agency" = String, Path), ("year" = i16, Path)),
    responses((status = 200, description = "gongkai-report/1 JSON (see report-schema.md)"), (status = 404, body = ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((agency, year)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (agency, year) = parse_agency_year(&agency, &year)?;
    state.store.agency(&agency).await?.ok_or_else(|| Error::NotFound(format!("机关“{agency}”不存在")))?;
    // Staff of the agency read the report compiled from the records now; the public the report
    // as published.
    let staff = optional_caller(&state, &headers).await.is_some_and(|u| u.may(Permission::Read, &agency));
    if staff {
        return Ok(Json(service::compile(&state, &agency, year).await?).into_response());
    }
    match service::published(&state, &agency, year).await? {
        Some((report, _, _)) => Ok(Json(report).into_response()),
        None => Err(Error::NotFound(format!("{year}年度报告尚未发布")).into()),
    }
}

/// Full-text search of the published items (主动公开信息): words and phrases in Simplified or
/// Traditional characters, field queries (标题:, 文号:, 索引号:, 正文:), filters, facets over all
/// matches, highlighted titles and snippets (escaped HTML, matches in `<em>`), pages.
#[utoipa::path(get, path = "/api/v1/search", tag = "public", params(crate::search::SearchParams),
    responses((status = 200, description = "q, total, page, per_page, pages, hits, facets, relaxed (nothing held a clause as typed: hits hold its words apart), total_exact (false: total, pages and facet counts are estimates, for a phrase held by a large part of the index; the hits are exact), took_ms"),
        (status = 422, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    Query(params): Query<crate::search::SearchParams>,
) -> ApiResult<Json<gongkai_search::SearchResults>> {
    let request = params.to_request()?;
    Ok(Json(crate::search::run(&state, request).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsultationIn {
    pub agency: String,
    pub name: String,
    #[serde(default)]
    pub contact: String,
    pub question: String,
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationCreated {
    pub tracking_code: String,
}

/// Ask a question online (public).
#[utoipa::path(post, path = "/api/v1/consultations", request_body = ConsultationIn, tag = "public",
    responses((status = 201, body = ConsultationCreated), (status = 422, body = ErrorBody)))]
async fn submit_consultation(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<ConsultationIn>,
) -> ApiResult<Response> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let form = crate::views::AskForm {
        csrf: String::new(),
        agency: body.agency,
        name: body.name,
        contact: body.contact,
        question: body.question,
        secret: body.secret,
    };
    let mut c = crate::portal::check_question(&state, &form)
        .await
        .map_err(|e| Error::Invalid(service::FieldError::joined(&e)))?;
    let (_, code) = service::submit_consultation(&state, &mut c, &form.secret).await?;
    Ok((StatusCode::CREATED, Json(ConsultationCreated { tracking_code: code })).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationOut {
    pub id: i64,
    pub tracking_code: String,
    pub agency: String,
    /// phone, in_person, online
    pub channel: String,
    pub question: String,
    /// Masked in lists.
    pub asker_name: String,
    pub asked_on: String,
    pub answer: Option<String>,
}

impl From<gongkai_store::Consultation> for ConsultationOut {
    fn from(c: gongkai_store::Consultation) -> Self {
        ConsultationOut {
            id: c.id,
            tracking_code: c.tracking_code,
            agency: c.agency.to_string(),
            channel: c.channel.code().into(),
            question: c.question,
            asker_name: c.asker_name,
            asked_on: c.asked_on.to_string(),
            answer: c.answer,
        }
    }
}

/// A consultation and its answer, with the secret in `X-Tracking-Secret` (public).
#[utoipa::path(get, path = "/api/v1/consultations/{tracking_code}", tag = "public",
    params(("tracking_code" = String, Path), ("X-Tracking-Secret" = String, Header)),
    responses((status = 200, body = ConsultationOut), (status = 403, body = ErrorBody)))]
async fn consultation_status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<Json<ConsultationOut>> {
    state.limiter.check(Bucket::PublicForm, ip)?;
    let c = crate::portal::consultation_for(&state, &code, &secret_of(&headers)).await?;
    Ok(Json(c.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItem {
    pub id: i64,
    pub tracking_code: String,
    pub agency: String,
    /// Masked.
    pub applicant: String,
    pub stage: String,
    pub received_on: Option<String>,
    pub due_date: Option<String>,
    /// The due date depends on a year whose official holiday schedule is not yet published.
    pub due_date_provisional: bool,
    pub urgency: Option<Urgency>,
    pub version: i64,
}

/// The open applications the token may read, by due date (unconfirmed first).
#[utoipa::path(get, path = "/api/v1/queue", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = Vec<QueueItem>), (status = 401, body = ErrorBody)))]
async fn queue(State(state): State<AppState>, ApiCaller(user): ApiCaller) -> ApiResult<Json<Vec<QueueItem>>> {
    let today = state.today();
    let calendar = state.calendar.read().await;
    let mut items: Vec<QueueItem> = state
        .store
        .open_applications(&user.readable, 10_000)
        .await?
        .into_iter()
        .map(|o| {
            let due = deadline::due(&o.lifecycle, &calendar, today);
            QueueItem {
                id: o.id.0,
                tracking_code: o.tracking_code,
                agency: o.agency.to_string(),
                applicant: o.applicant.name,
                stage: o.stage,
                received_on: o.lifecycle.clock.received.map(|d| d.to_string()),
                due_date: due.map(|d| d.0.to_string()),
                due_date_provisional: due.is_some_and(|d| deadline::is_provisional(&calendar, d.0)),
                urgency: due.map(|d| d.1),
                version: o.version,
            }
        })
        .collect();
    items.sort_by(|a, b| a.due_date.cmp(&b.due_date).then(a.id.cmp(&b.id)));
    Ok(Json(items))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CaseIn {
    pub applicant: ApplicantIn,
    /// in_person, oral, post_signed, post_unsigned, online, fax
    pub channel: String,
    pub delivery: String,
    /// YYYY-MM-DD
    pub registered_on: String,
    pub items: Vec<String>,
    /// The applicant's tracking secret (6–100 characters); omitted: one is made and returned.
    #[serde(default)]
    pub secret: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseCreated {
    /// The tracking secret made for the applicant (for the receipt), when none was given;
    /// returned once (not on a replayed submission).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_secret: Option<String>,
    pub id: i64,
    pub tracking_code: String,
    pub version: i64,
}

/// Register an application received by the office (登记).
#[utoipa::path(post, path = "/api/v1/cases", request_body = CaseIn, tag = "staff", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "As for POST /api/v1/applications; keys are the agency's own.")),
    responses((status = 201, body = CaseCreated), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn register_case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    user.require(Permission::Register, &user.agency)?;
    let request = crate::security::request_key(&headers, &format!("staff {} /api/v1/cases", user.agency), &body)?;
    let body: CaseIn = parse_json(&body)?;
    if let Some((r, _)) = service::earlier_request(&state, request.as_ref()).await? {
        let replay =
            CaseCreated { tracking_secret: None, id: r.id.0, tracking_code: r.tracking_code, version: r.version };
        return Ok(created(replay, true));
    }
    let kind = codes::parse_applicant_kind(&body.applicant.kind)
        .ok_or_else(|| Error::Invalid(format!("申请人类型“{}”无效", body.applicant.kind)))?;
    let channel =
        codes::parse_channel(&body.channel).ok_or_else(|| Error::Invalid(format!("申请渠道“{}”无效", body.channel)))?;
    let registered_on = gongkai_core::calendar::parse_iso_date(body.registered_on.trim())
        .ok_or_else(|| Error::Invalid(format!("登记日期“{}”无效，应为 YYYY-MM-DD", body.registered_on)))?;
    let app = NewApplication {
        agency: user.agency.clone(),
        applicant: Applicant {
            kind,
            name: body.applicant.name,
            id_type: service::id_type_of(&body.applicant.id_type, &body.applicant.id_number, Some(kind))
                .map_err(Error::Invalid)?,
            id_number: body.applicant.id_number.trim().to_uppercase(),
            phone: body.applicant.phone,
            address: body.applicant.address,
            email: body.applicant.email,
            representative: body.applicant.representative,
            contact_person: body.applicant.contact_person,
        },
        channel,
        delivery: body.delivery,
        registered_on,
        items: body.items,
    };
    // Counter and paper applications are followed online too: with the caller's secret, or one
    // made here and returned once for the receipt.
    let made = body.secret.is_none().then(crate::auth::new_receipt_secret);
    let secret = body.secret.clone().or_else(|| made.clone()).unwrap_or_default();
    if let Some(problem) = service::secret_problem(&secret) {
        return Err(Error::Invalid(problem.to_string()).into());
    }
    let sealed = state.secrets.seal(&secret);
    let (r, replayed) = match state.store.register_request(&app, &user.actor(), Some(&sealed), request.as_ref()).await {
        Ok(r) => {
            state.secrets.upgrade_later(gongkai_store::SecretOwner::Application(r.id), &sealed, &secret);
            (r, false)
        }
        Err(e) => match service::earlier_request(&state, request.as_ref()).await? {
            Some((r, _)) => (r, true),
            None => return Err(Error::from(e).into()),
        },
    };
    let tracking_secret = if replayed { None } else { made };
    Ok(created(
        CaseCreated { tracking_secret, id: r.id.0, tracking_code: r.tracking_code, version: r.version },
        replayed,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseOut {
    pub id: i64,
    pub tracking_code: String,
    pub agency: String,
    /// Personal data in full for the handling agency (the view is logged), masked otherwise.
    pub applicant_kind: String,
    pub applicant_name: String,
    pub applicant_id_number: String,
    pub applicant_phone: String,
    pub applicant_address: String,
    pub personal_data_masked: bool,
    pub channel: String,
    pub delivery: String,
    pub registered_on: String,
    pub items: Vec<String>,
    pub stage: String,
    pub received_on: Option<String>,
    pub due_date: Option<String>,
    /// The due date depends on a year whose official holiday schedule is not yet published.
    pub due_date_provisional: bool,
    pub urgency: Option<Urgency>,
    pub outcome: Option<String>,
    pub concluded_on: Option<String>,
    pub version: i64,
    pub events: Vec<StepOut>,
}

async fn readable_case(state: &AppState, user: &CurrentUser, id: i64) -> Result<AgencyId, Error> {
    match state.store.application_agency(ApplicationId(id)).await? {
        Some(a) if user.may(Permission::Read, &a) => Ok(a),
        _ => Err(Error::NotFound(format!("申请 {id} 不存在"))),
    }
}

/// One application (full personal data for the handling agency, logged).
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = CaseOut), (status = 404, body = ErrorBody)))]
async fn case(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<CaseOut>> {
    let agency = readable_case(&state, &user, id).await?;
    let personal = user.may(Permission::ReadPersonal, &agency);
    let id = ApplicationId(id);
    let d = if personal {
        state.store.application(id, &user.actor()).await?
    } else {
        state.store.application_masked(id).await?
    };
    let lc = &d.lifecycle;
    let calendar = state.calendar.read().await;
    let due = if lc.concluded().is_some() { None } else { deadline::due(lc, &calendar, state.today()) };
    let due_date_provisional = due.is_some_and(|d| deadline::is_provisional(&calendar, d.0));
    drop(calendar);
    let events = state
        .store
        .events(id)
        .await?
        .into_iter()
        .map(|e| StepOut { date: e.event.date().to_string(), label: e.event.label().into() })
        .collect();
    Ok(Json(CaseOut {
        id: id.0,
        tracking_code: d.tracking_code.clone(),
        agency: d.agency.to_string(),
        applicant_kind: codes::applicant_kind(d.applicant.kind).into(),
        applicant_name: d.applicant.name.clone(),
        applicant_id_number: d.applicant.id_number.clone(),
        applicant_phone: d.applicant.phone.clone(),
        applicant_address: d.applicant.address.clone(),
        personal_data_masked: !personal,
        channel: codes::channel(d.channel).into(),
        delivery: d.delivery.clone(),
        registered_on: d.registered_on.to_string(),
        items: d.items.clone(),
        stage: codes::stage(&lc.stage).into(),
        received_on: lc.clock.received.map(|x| x.to_string()),
        due_date: due.map(|x| x.0.to_string()),
        due_date_provisional,
        urgency: due.map(|x| x.1),
        outcome: lc.concluded().map(|(_, o)| codes::outcome(o).into()),
        concluded_on: lc.concluded().map(|(on, _)| on.to_string()),
        version: d.version,
        events,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EventIn {
    /// The version the caller last saw (optimistic concurrency).
    pub version: i64,
    #[serde(flatten)]
    pub fields: EventFields,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventApplied {
    pub version: i64,
    pub stage: String,
    /// The step (an answer, 补正, third-party 征求意见 or 延期 by a handler) was saved as a draft
    /// (拟稿) for an approver to sign; nothing else changed.
    pub drafted: bool,
}

/// Record a lifecycle event (确认收到, 补正, 征求意见, 延期, 收费, 答复, 撤回 …).
#[utoipa::path(post, path = "/api/v1/cases/{id}/events", request_body = EventIn, tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = EventApplied), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn case_event(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> ApiResult<Json<EventApplied>> {
    let agency = readable_case(&state, &user, id).await?;
    if ![Permission::ConfirmReceipt, Permission::Handle, Permission::Approve].iter().any(|p| user.may(*p, &agency)) {
        return Err(Error::Forbidden.into());
    }
    let body: EventIn = parse_json(&body)?;
    let event = body.fields.to_event()?;
    if !user.may_record(&event, &agency) {
        return Err(Error::Forbidden.into());
    }
    let id = ApplicationId(id);
    service::check_letter(&state, id, &event).await?;
    if user.drafts(&event, &agency) {
        state.store.draft_reply(id, body.version, &event, &user.actor()).await?;
        let stage = state.store.application_masked(id).await?.lifecycle.stage;
        return Ok(Json(EventApplied { version: body.version, stage: codes::stage(&stage).into(), drafted: true }));
    }
    let applied = state.store.apply_event(id, body.version, &event, &user.actor()).await?;
    Ok(Json(EventApplied {
        version: applied.version,
        stage: codes::stage(&applied.lifecycle.stage).into(),
        drafted: false,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SignIn {
    /// The application's version the approver saw.
    pub version: i64,
}

/// Sign the draft (签发): the drafted step is recorded and its letter goes out; its writer
/// cannot sign it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/sign", request_body = SignIn, tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = EventApplied), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn sign_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> ApiResult<Json<EventApplied>> {
    let agency = readable_case(&state, &user, id).await?;
    user.require(Permission::Approve, &agency)?;
    let body: SignIn = parse_json(&body)?;
    let id = ApplicationId(id);
    service::check_draft_letter(&state, id).await?;
    let applied = state.store.sign_reply(id, body.version, &user.actor()).await?;
    Ok(Json(EventApplied {
        version: applied.version,
        stage: codes::stage(&applied.lifecycle.stage).into(),
        drafted: false,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReturnIn {
    /// Why the draft goes back (required).
    pub reason: String,
}

/// Return the draft to its writer (退回), with a reason; the case stays open.
#[utoipa::path(post, path = "/api/v1/cases/{id}/return", request_body = ReturnIn, tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn return_reply(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> ApiResult<StatusCode> {
    let agency = readable_case(&state, &user, id).await?;
    user.require(Permission::Approve, &agency)?;
    let body: ReturnIn = parse_json(&body)?;
    state.store.return_reply(ApplicationId(id), &body.reason, &user.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct FormatQuery {
    format: String,
}

/// The reply letter of a concluded application (`?format=docx` for Word, HTML otherwise).
#[utoipa::path(get, path = "/api/v1/cases/{id}/letter", tag = "staff", security(("bearer" = [])),
    params(("id" = i64, Path), ("format" = Option<String>, Query)),
    responses((status = 200, description = "text/html or DOCX"), (status = 404, body = ErrorBody)))]
async fn case_letter(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> ApiResult<Response> {
    let agency = readable_case(&state, &user, id).await?;
    user.require(Permission::ReadPersonal, &agency)?;
    Ok(crate::portal::letter_of(&state, ApplicationId(id), &user.actor(), &q.format).await?)
}

/// The consultations the token may read, newest first (asker masked).
#[utoipa::path(get, path = "/api/v1/staff/consultations", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConsultationOut>)))]
async fn staff_consultations(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<Vec<ConsultationOut>>> {
    Ok(Json(state.store.consultations(&user.readable, 500).await?.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsultationLogIn {
    /// phone, in_person, online
    pub channel: String,
    /// YYYY-MM-DD
    pub asked_on: String,
    pub name: String,
    #[serde(default)]
    pub contact: String,
    pub question: String,
    /// The answer given at once, if any.
    pub answer: Option<String>,
}

/// Log a consultation taken by phone, in person or online.
#[utoipa::path(post, path = "/api/v1/staff/consultations", request_body = ConsultationLogIn, tag = "staff",
    security(("bearer" = [])), responses((status = 201, body = ConsultationCreated), (status = 422, body = ErrorBody)))]
async fn log_consultation(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    user.require(Permission::Register, &user.agency)?;
    let body: ConsultationLogIn = parse_json(&body)?;
    let channel = ConsultationChannel::parse(&body.channel)
        .ok_or_else(|| Error::Invalid(format!("咨询渠道“{}”无效", body.channel)))?;
    let asked_on = body.asked_on.parse().map_err(|_| Error::Invalid(format!("咨询日期“{}”无效", body.asked_on)))?;
    let answer = body.answer.filter(|a| !a.trim().is_empty());
    if answer.is_some() {
        user.require(Permission::Handle, &user.agency)?;
    }
    let c = NewConsultation {
        agency: user.agency.clone(),
        channel,
        question: body.question,
        asker_name: body.name,
        asker_contact: body.contact,
        asked_on,
        secret_hash: None,
        answer,
    };
    let (_, code) = state.store.create_consultation(&c, &user.actor()).await?;
    Ok((StatusCode::CREATED, Json(ConsultationCreated { tracking_code: code })).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerIn {
    pub answer: String,
}

/// Answer a consultation (once).
#[utoipa::path(post, path = "/api/v1/staff/consultations/{id}/answer", request_body = AnswerIn, tag = "staff",
    security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer_consultation(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> ApiResult<StatusCode> {
    let not_found = || Error::NotFound(format!("咨询 {id} 不存在"));
    let c = state.store.consultation_agency(id).await?.ok_or_else(not_found)?;
    if !user.may(Permission::Read, &c) {
        return Err(not_found().into());
    }
    user.require(Permission::Handle, &c)?;
    let body: AnswerIn = parse_json(&body)?;
    state.store.answer_consultation(id, &body.answer, &user.actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    /// error, warning, info
    pub severity: String,
    pub rule: String,
    pub keys: Vec<String>,
    pub message: String,
}

/// The audit findings (勾稽关系) of the compiled report, any year of a readable agency.
#[utoipa::path(get, path = "/api/v1/staff/reports/{agency}/{year}/findings", tag = "staff", security(("bearer" = [])),
    params(("agency" = String, Path), ("year" = i16, Path)),
    responses((status = 200, body = Vec<FindingOut>), (status = 404, body = ErrorBody)))]
async fn report_findings(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path((agency, year)): Path<(String, String)>,
) -> ApiResult<Json<Vec<FindingOut>>> {
    let (agency, year) = parse_agency_year(&agency, &year)?;
    if !user.may(Permission::Read, &agency) {
        return Err(Error::NotFound(format!("机关“{agency}”不存在")).into());
    }
    let report = service::compile(&state, &agency, year).await?;
    let findings = gongkai_core::audit::audit(&report)
        .into_iter()
        .map(|f| {
            let json = serde_json::to_value(&f).unwrap_or_default();
            let field = |k: &str| json.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            FindingOut { severity: field("severity"), rule: field("rule"), keys: f.keys, message: f.message }
        })
        .collect();
    Ok(Json(findings))
}

/// Every `/api/v1` answer is JSON: the rejections that come from the framework rather than a
/// handler (a path segment of the wrong type, an unknown path, a wrong method, a body over the
/// limit) are rewritten into the API's error body with a stable code, so clients parse one shape.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/v1/") || req.uri().path() == "/api/v1";
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "请求无效：路径或参数的格式不正确"),
        StatusCode::NOT_FOUND => ("not_found", "接口不存在"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "该接口不支持此请求方法"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "请求内容过大"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "请求内容类型应为 application/json"),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid_input", "请求内容无效"),
        StatusCode::TOO_MANY_REQUESTS => ("rate_limited", "操作过于频繁，请稍后再试"),
        s if s.is_server_error() => ("internal_error", "服务器内部错误，请稍后再试"),
        _ => ("bad_request", "请求无效"),
    };
    let mut answer =
        (status, axum::Json(ErrorBody { error: ErrorDetail { code: code.into(), message: message.into() } }))
            .into_response();
    // Keep what the framework said about the refusal (e.g. `Allow` on a 405).
    if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
        answer.headers_mut().insert(axum::http::header::ALLOW, allow.clone());
    }
    answer
}
