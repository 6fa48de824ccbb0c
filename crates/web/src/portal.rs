//! The public portal (Simplified Chinese, no JavaScript needed): home, 公开指南, 公开目录, item
//! pages, annual reports, online application with acknowledgement and tracking, reply-letter
//! download, and consultations.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gongkai_core::case::{Event, Stage};
use gongkai_core::publish::Status;
use gongkai_store::{
    AgencyId, ApplicationId, CatalogNode, ConsultationChannel, ItemId, ItemQuery, NewConsultation, SecretOwner,
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::error::{Error, Result};
use crate::security::{Bucket, ClientIp, DOCUMENT_CSP, PageForm, csrf_token, verify_csrf};
use crate::service::{self, FieldError, OnlineApplication};
use crate::views::*;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/guide", get(guide_index))
        .route("/guide/{agency}", get(guide))
        .route("/catalog", get(catalog_index))
        .route("/catalog/{agency}", get(catalog))
        .route("/items/{id}", get(item))
        .route("/search", get(crate::search::page))
        .route("/reports", get(reports))
        .route("/reports/{agency}/{year}", get(report))
        .route("/apply/done", get(apply_done))
        .route("/track", get(track_form).post(track))
        .route("/track/letter", get(track_letter))
        .route("/track/correction", axum::routing::post(track_correction))
        .route("/track/notices/{n}", get(track_notice))
        .route("/ask", get(ask_form).post(ask))
        .route("/ask/track", axum::routing::post(ask_track))
}

/// The session key of the applications the visitor has unlocked with their secret.
const TRACKED_KEY: &str = "tracked";

async fn agency_links(state: &AppState) -> Result<Vec<AgencyLink>> {
    Ok(state.store.agencies().await?.into_iter().map(|a| AgencyLink { id: a.id.to_string(), name: a.name }).collect())
}

async fn agency_link(state: &AppState, id: &str) -> Result<(AgencyId, AgencyLink)> {
    let not_found = || Error::NotFound(format!("机关“{id}”不存在"));
    let agency_id = AgencyId::new(id).map_err(|_| not_found())?;
    let agency = state.store.agency(&agency_id).await?.ok_or_else(not_found)?;
    Ok((agency_id, AgencyLink { id: agency.id.to_string(), name: agency.name }))
}

async fn home(State(state): State<AppState>) -> Result<HomePage> {
    Ok(HomePage { agencies: agency_links(&state).await? })
}

async fn guide_index(State(state): State<AppState>) -> Result<AgencyListPage> {
    Ok(AgencyListPage {
        title: "政府信息公开指南",
        intro: "各机关的政府信息公开指南说明公开的方式和程序、申请的受理机构和联系方式等（条例第十二条）。",
        base: "/guide",
        agencies: agency_links(&state).await?,
    })
}

/// The statutory contents of a guide (Art. 12) for an agency that has not written its own.
fn default_guide(name: &str) -> Vec<String> {
    vec![
        format!("为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制{name}政府信息公开指南。"),
        "一、主动公开。本机关依照条例第十九条、第二十条的规定主动公开政府信息，通过政府网站、政府公报等途径公开，公开目录载明信息的索引、名称、内容概述和生成日期。".into(),
        "二、依申请公开。公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用书面形式（包括数据电文形式），内容包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及申请公开的政府信息的形式要求，包括获取信息的方式、途径（条例第二十九条）。".into(),
        "三、申请渠道。可以在本平台“申请公开”页面在线提交申请，也可以当面提交或者邮寄。在线提交的申请，以双方确认之日为收到申请之日（条例第三十一条）。".into(),
        "四、答复期限。能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日（条例第三十三条）。".into(),
        "五、收费。本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，可以依照国务院办公厅《政府信息公开信息处理费管理办法》收取信息处理费（条例第四十二条）。".into(),
        "六、救济途径。公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。".into(),
    ]
}

async fn guide(State(state): State<AppState>, Path(agency): Path<String>) -> Result<GuidePage> {
    let (id, agency) = agency_link(&state, &agency).await?;
    let text = state.store.agency_guide(&id).await?.filter(|t| !t.trim().is_empty());
    let edited = text.is_some();
    let paragraphs = match text {
        Some(t) => t.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect(),
        None => default_guide(&agency.name),
    };
    Ok(GuidePage { agency, paragraphs, edited })
}

async fn catalog_index(State(state): State<AppState>) -> Result<AgencyListPage> {
    Ok(AgencyListPage {
        title: "政府信息公开目录",
        intro: "各机关主动公开的政府信息目录。",
        base: "/catalog",
        agencies: agency_links(&state).await?,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CatalogQuery {
    node: String,
    page: String,
}

/// Items per page of the catalog.
const CATALOG_PAGE: u32 = 50;

async fn catalog(
    State(state): State<AppState>,
    Path(agency): Path<String>,
    Query(q): Query<CatalogQuery>,
) -> Result<CatalogPage> {
    let (id, agency) = agency_link(&state, &agency).await?;
    let tree = state.store.catalog(&id).await?;
    let node = match q.node.trim() {
        "" => None,
        n => {
            let n: i64 = n.parse().map_err(|_| Error::NotFound("目录分类不存在".into()))?;
            Some(tree.iter().find(|c| c.id.0 == n).ok_or_else(|| Error::NotFound("目录分类不存在".into()))?)
        }
    };
    // A page number that is not one is the first page, never an error.
    let page = q.page.trim().parse::<u64>().unwrap_or(1).max(1);
    let mut query = ItemQuery {
        agency: Some(id.clone()),
        status: Some(Status::Published),
        catalog_node: node.map(|n| n.id),
        offset: 0,
        limit: CATALOG_PAGE,
    };
    let total = state.store.count_items(&query).await?;
    let href = |n: u64| {
        let mut pairs = Vec::new();
        if let Some(node) = node {
            pairs.push(("node", node.id.0.to_string()));
        }
        pairs.push(("page", n.to_string()));
        format!("/catalog/{}?{}", agency.id, serde_urlencoded::to_string(&pairs).unwrap_or_default())
    };
    let pager = crate::views::Pager::new(page, total, u64::from(CATALOG_PAGE), href);
    query.offset = (pager.page - 1) * u64::from(CATALOG_PAGE);
    let found = state.store.list_items(&query).await?;
    let items = found
        .into_iter()
        .map(|i| ItemLine {
            id: i.id.0,
            index_no: i.index_no,
            title: i.title,
            doc_number: i.doc_number.unwrap_or_default(),
            written_on: i.written_on.to_string(),
            published_on: i.published_on.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    Ok(CatalogPage {
        nodes: catalog_lines(&tree, node.map(|n| n.id.0)),
        node_name: node.map(|n| n.name.clone()),
        agency,
        items,
        total,
        pager,
    })
}

/// The catalog tree in display order (parents before children, by position), with depths.
fn catalog_lines(tree: &[CatalogNode], current: Option<i64>) -> Vec<CatalogLine> {
    fn walk(tree: &[CatalogNode], parent: Option<i64>, depth: usize, current: Option<i64>, out: &mut Vec<CatalogLine>) {
        let mut children: Vec<&CatalogNode> = tree.iter().filter(|n| n.parent.map(|p| p.0) == parent).collect();
        children.sort_by_key(|n| (n.position, n.id.0));
        for n in children {
            out.push(CatalogLine { id: n.id.0, name: n.name.clone(), depth, current: current == Some(n.id.0) });
            // A tree deeper than this is a data error; don't recurse forever on a cycle.
            if depth < 8 {
                walk(tree, Some(n.id.0), depth + 1, current, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, None, 0, current, &mut out);
    out
}

/// A published item: its metadata as the national catalogue shows it, then the text.
async fn item(State(state): State<AppState>, Path(id): Path<String>) -> Result<ItemPage> {
    let missing = || Error::NotFound("该信息不存在或尚未公开".into());
    let id = ItemId(id.parse().map_err(|_| missing())?);
    let item = match state.store.item(id).await {
        Ok(i) if i.workflow.status == Status::Published => i,
        // A withdrawn item's address says so (410), with the date and reason, not a bare 404.
        Ok(i) if i.workflow.status == Status::Withdrawn => {
            let on = i.workflow.withdrawn_on.map(gongkai_render::letter::date_zh).unwrap_or_default();
            let why = i.workflow.withdraw_reason.clone().unwrap_or_default();
            return Err(Error::Gone(format!("“{}”已于{on}撤回。撤回原因：{why}", i.fields.title)));
        }
        Ok(_) | Err(gongkai_store::Error::ItemNotFound(_)) => return Err(missing()),
        Err(e) => return Err(e.into()),
    };
    let (_, agency) = agency_link(&state, item.agency.as_str()).await?;
    let f = &item.fields;
    let mut fields = vec![
        Field { label: "索引号", value: item.index_no.clone() },
        Field { label: "主题分类", value: f.topic.label().into() },
        Field { label: "发布机构", value: f.issuer.clone() },
        Field { label: "成文日期", value: f.written_on.to_string() },
        Field { label: "发文字号", value: f.doc_number.clone().unwrap_or_else(|| "—".into()) },
        Field { label: "发布日期", value: item.workflow.published_on.map(|d| d.to_string()).unwrap_or_default() },
        Field { label: "体裁", value: f.genre.label().into() },
        Field { label: "公开方式", value: f.disclosure.label().into() },
    ];
    if let Some(v) = f.validity {
        fields.push(Field { label: "效力", value: v.label().into() });
    }
    // The plain text, never the stored HTML: what staff pasted is shown, not executed.
    let paragraphs = item.body_text.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    let attachments = f.attachments.iter().filter(|(_, href)| attachment_href_ok(href)).cloned().collect();
    // 政策解读 and its document link to each other, while both are published.
    let links = state.store.interpretation_links(item.id).await?;
    let public =
        |l: gongkai_store::LinkedItem| (l.status == Status::Published).then(|| (format!("/items/{}", l.id), l.title));
    Ok(ItemPage {
        title: f.title.clone(),
        agency,
        fields,
        paragraphs,
        attachments,
        interprets: links.interprets.and_then(public),
        interpreted_by: links.interpreted_by.into_iter().filter_map(public).collect(),
    })
}

/// Whether an attachment link may be shown: an absolute http(s) address or a path on this site.
/// `//host/x` and `/\host/x` are refused: browsers read both as another host (protocol-relative).
fn attachment_href_ok(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    href.starts_with('/') && !matches!(href.as_bytes().get(1), Some(b'/' | b'\\'))
}

async fn reports(State(state): State<AppState>) -> Result<ReportsPage> {
    let mut rows = Vec::new();
    for agency in agency_links(&state).await? {
        let id = AgencyId::new(agency.id.clone())?;
        rows.push(ReportYears { years: service::public_years(&state, &id).await?, agency });
    }
    Ok(ReportsPage { rows })
}

/// `2025` or `2025.html`.
fn parse_year(s: &str) -> Result<i16> {
    s.trim_end_matches(".html").parse::<i16>().map_err(|_| Error::NotFound(format!("年度“{s}”无效")))
}

async fn report(State(state): State<AppState>, Path((agency, year)): Path<(String, String)>) -> Result<Response> {
    let (id, _) = agency_link(&state, &agency).await?;
    let year = parse_year(&year)?;
    // The public reads what the agency published, as it was published.
    let Some((report, narrative, _)) = service::published(&state, &id, year).await? else {
        return Err(Error::NotFound(format!("{year}年度报告尚未发布")));
    };
    let html = gongkai_render::report_html(&report, &narrative);
    Ok(document(html, "text/html; charset=utf-8", None))
}

/// A self-contained document (report, letter) with its own content policy; `filename` makes it
/// a download.
pub(crate) fn document(
    body: impl Into<axum::body::Body>,
    content_type: &'static str,
    filename: Option<String>,
) -> Response {
    let mut res =
        ([(header::CONTENT_TYPE, content_type), (header::CONTENT_SECURITY_POLICY, DOCUMENT_CSP)], body.into())
            .into_response();
    if let Some(name) = filename
        && let Ok(v) = format!("attachment; filename=\"{name}\"").parse()
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

const DELIVERIES: [&str; 4] = ["电子邮件", "在线下载", "邮寄", "当面领取"];

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AgencyQuery {
    agency: String,
}

async fn apply_page(
    state: &AppState,
    session: &Session,
    form: ApplyForm,
    errors: Vec<FieldError>,
) -> Result<ApplyPage> {
    let agencies = state.store.agencies().await?;
    Ok(ApplyPage {
        csrf: csrf_token(session).await?,
        agencies: agencies.iter().map(|a| Choice::new(a.id.as_str(), a.name.clone(), &form.agency)).collect(),
        kinds: Choice::applicant_kinds(if form.applicant_kind.is_empty() { "natural" } else { &form.applicant_kind }),
        id_types: Choice::id_types(&form.id_type),
        deliveries: DELIVERIES.iter().map(|d| Choice::new(*d, *d, &form.delivery)).collect(),
        form: ApplyForm {
            secret: String::new(),
            secret_again: String::new(),
            csrf: String::new(),
            form_id: if form.form_id.is_empty() { crate::auth::random_hex(16) } else { form.form_id },
            ..form
        },
        errors,
    })
}

async fn apply_form(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<AgencyQuery>,
) -> Result<ApplyPage> {
    apply_page(&state, &session, ApplyForm { agency: q.agency, ..ApplyForm::default() }, Vec::new()).await
}

/// The application form and its submission, which may carry attachments (its own body limit,
/// see `build_app`).
pub fn apply_router() -> Router<AppState> {
    Router::new().route("/apply", get(apply_form).post(apply))
}

/// How many files an applicant may attach to the form.
const MAX_ATTACHMENTS: usize = 5;

async fn apply(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    crate::files::FormWithFiles { form, files }: crate::files::FormWithFiles<ApplyForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    // The same form sent again (a reload of the answer, back and resend): filed already.
    let filed: Vec<String> = session.get(FILED_FORMS_KEY).await.map_err(Error::internal)?.unwrap_or_default();
    if !form.form_id.is_empty() && filed.contains(&form.form_id) {
        return Ok(Redirect::to("/apply/done").into_response());
    }
    state.limiter.check(Bucket::PublicForm, ip)?;
    let input = OnlineApplication {
        agency: form.agency.clone(),
        applicant_kind: form.applicant_kind.clone(),
        name: form.name.clone(),
        id_type: form.id_type.clone(),
        id_number: form.id_number.clone(),
        phone: form.phone.clone(),
        address: form.address.clone(),
        email: form.email.clone(),
        representative: form.representative.clone(),
        contact_person: form.contact_person.clone(),
        delivery: form.delivery.clone(),
        items: form.items.lines().map(String::from).collect(),
        secret: form.secret.clone(),
        secret_again: Some(form.secret_again.clone()),
    };
    // The attachments are checked by their content before anything is registered.
    let attachments = if files.len() > MAX_ATTACHMENTS {
        Err(FieldError::new("attachments", format!("最多附上{MAX_ATTACHMENTS}个文件")))
    } else {
        match crate::files::check_files(files).await {
            Ok(f) => Ok(f),
            Err(Error::Invalid(message)) => Err(FieldError::new("attachments", message)),
            Err(e) => return Err(e),
        }
    };
    let (app, attachments) = match (service::check_online(&state, &input).await, attachments) {
        (Ok(app), Ok(attachments)) => (app, attachments),
        (checked, attachments) => {
            let mut errors = checked.err().unwrap_or_default();
            errors.extend(attachments.err());
            let page = apply_page(&state, &session, form, errors).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    // With attachments, the application and its files are committed together.
    let (registered, due) = if attachments.is_empty() {
        service::submit_online(&state, &app, &form.secret, None).await?
    } else {
        service::submit_online_with_files(&state, &app, &form.secret, &attachments).await?
    };
    let agency = state.store.require_agency(&app.agency).await?;
    remember_tracked(&session, registered.id).await?;
    let done = ApplyDonePage {
        tracking_code: registered.tracking_code,
        agency: agency.name,
        submitted_on: app.registered_on.to_string(),
        due_date: match due {
            Some(d) => crate::deadline::shown(&*state.calendar.read().await, d),
            None => "确认收到后计算".into(),
        },
    };
    if !form.form_id.is_empty() {
        let mut filed = filed;
        filed.push(form.form_id.clone());
        if filed.len() > 20 {
            filed.remove(0);
        }
        session.insert(FILED_FORMS_KEY, filed).await.map_err(Error::internal)?;
    }
    session.insert(APPLY_DONE_KEY, &done).await.map_err(Error::internal)?;
    // Post/Redirect/Get: reloading the acknowledgement shows it again and files nothing.
    Ok(Redirect::to("/apply/done").into_response())
}

/// Session keys: the ids of forms already filed, and the acknowledgement of the last one.
const FILED_FORMS_KEY: &str = "filed_forms";
const APPLY_DONE_KEY: &str = "apply_done";

/// `GET /apply/done`: the acknowledgement of the application this browser just filed.
async fn apply_done(session: Session) -> Result<Response> {
    match session.get::<ApplyDonePage>(APPLY_DONE_KEY).await.map_err(Error::internal)? {
        Some(done) => Ok(done.into_response()),
        None => Ok(Redirect::to("/track").into_response()),
    }
}

async fn remember_tracked(session: &Session, id: ApplicationId) -> Result<()> {
    let mut tracked: Vec<i64> = session.get(TRACKED_KEY).await.map_err(Error::internal)?.unwrap_or_default();
    if !tracked.contains(&id.0) {
        tracked.push(id.0);
        if tracked.len() > 20 {
            tracked.remove(0);
        }
        session.insert(TRACKED_KEY, tracked).await.map_err(Error::internal)?;
    }
    Ok(())
}

/// The tracking form; `?view=current`: the application unlocked in this session (where a
/// submission from the tracking page returns to).
async fn track_form(State(state): State<AppState>, session: Session, Query(q): Query<TrackQuery>) -> Result<Response> {
    if q.view == "current"
        && let Some(id) = current_tracked(&session).await?
    {
        let detail = state.store.application_masked(id).await?;
        let message = match q.done.as_str() {
            "corrected" => Some("补正已提交，答复期限自今日起重新计算（条例第三十条）".to_string()),
            "files" => Some("材料已上传".to_string()),
            _ => None,
        };
        let file_error = (!q.file_error.is_empty()).then(|| q.file_error.chars().take(300).collect());
        return track_result(&state, &session, &detail, message, file_error).await;
    }
    Ok(TrackPage { csrf: csrf_token(&session).await?, code: String::new(), error: None }.into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct TrackForm {
    csrf: String,
    code: String,
    secret: String,
}

async fn track(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    PageForm(form): PageForm<TrackForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    state.limiter.check(Bucket::PublicForm, ip)?;
    let detail = match service::tracked_application(&state, &form.code, &form.secret).await {
        Ok(d) => d,
        Err(Error::WrongSecret) => {
            let page = TrackPage {
                csrf: csrf_token(&session).await?,
                code: form.code,
                error: Some(Error::WrongSecret.to_string()),
            };
            return Ok((axum::http::StatusCode::FORBIDDEN, page).into_response());
        }
        Err(e) => return Err(e),
    };
    remember_tracked(&session, detail.id).await?;
    session.insert("track_current", detail.id.0).await.map_err(Error::internal)?;
    track_result(&state, &session, &detail, None, None).await
}

/// What the applicant sees of their application: status, deadline, every step, the notice of a
/// 补正 with the form to submit it, and the letter once answered.
async fn track_result(
    state: &AppState,
    session: &Session,
    detail: &gongkai_store::ApplicationDetail,
    message: Option<String>,
    file_error: Option<String>,
) -> Result<Response> {
    let agency = state.store.require_agency(&detail.agency).await?;
    let today = state.today();
    let lc = &detail.lifecycle;
    let due = match lc.concluded() {
        Some(_) => "已办结".to_string(),
        None => {
            let calendar = state.calendar.read().await;
            match crate::deadline::due(lc, &calendar, today) {
                Some((d, _)) => crate::deadline::shown(&calendar, d),
                None => "待确认收到申请后计算".to_string(),
            }
        }
    };
    let events = state.store.events(detail.id).await?;
    let notices = service::notice_links(&events, true, "/track/notices");
    let mut steps = vec![StepLine { date: detail.registered_on.to_string(), label: "提交申请".into() }];
    for e in &events {
        let label = match &e.event {
            // The applicant is told why the reply takes longer (Art. 33).
            Event::ApproveExtension { reasons, .. } if !reasons.is_empty() => {
                format!("{}（答复期限延长20个工作日）：{reasons}", e.event.label())
            }
            other => other.label().to_string(),
        };
        steps.push(StepLine { date: e.event.date().to_string(), label });
    }
    // The 补正 notice in force: the last request, while the case waits for the correction.
    let correction = match lc.stage {
        Stage::AwaitingCorrection { correct_by, .. } => events.iter().rev().find_map(|e| match &e.event {
            Event::RequestCorrection { on, what, .. } => Some(CorrectionNotice {
                on: gongkai_render::letter::date_zh(*on),
                correct_by: gongkai_render::letter::date_zh(correct_by),
                what: what.clone(),
                version: detail.version,
            }),
            _ => None,
        }),
        _ => None,
    };
    let concluded = lc.concluded().is_some();
    let files = state
        .store
        .case_files(detail.id)
        .await?
        .iter()
        .filter(|f| crate::files::visible_to_applicant(f, concluded))
        .map(|f| {
            let by =
                if f.role == gongkai_core::files::FileRole::Release { agency.name.clone() } else { "申请人".into() };
            crate::files::FileLine::new(f, format!("/track/files/{}", f.id), by)
        })
        .collect();
    Ok(TrackResultPage {
        csrf: csrf_token(session).await?,
        tracking_code: detail.tracking_code.clone(),
        agency: agency.name,
        stage: lc.stage_label().to_string(),
        registered_on: detail.registered_on.to_string(),
        received_on: lc.clock.received.map(|d| d.to_string()).unwrap_or_else(|| "待确认".into()),
        due_date: due,
        outcome: lc.concluded().map(|(_, o)| o.plain().to_string()),
        steps,
        letter: lc.concluded().is_some(),
        correction,
        notices,
        files,
        may_add_files: !concluded,
        deliveries: state
            .store
            .deliveries(detail.id)
            .await?
            .iter()
            .map(|d| crate::views::delivery_line(&d.delivery, None))
            .collect(),
        file_error,
        message,
    }
    .into_response())
}

/// The application unlocked last in this session with its code and secret, if any.
pub(crate) async fn current_tracked(session: &Session) -> Result<Option<ApplicationId>> {
    let current: Option<i64> = session.get("track_current").await.map_err(Error::internal)?;
    let tracked: Vec<i64> = session.get(TRACKED_KEY).await.map_err(Error::internal)?.unwrap_or_default();
    Ok(current.filter(|id| tracked.contains(id)).map(ApplicationId))
}

/// A step notice of the application unlocked in this session (补正告知书, 延期答复告知书).
async fn track_notice(
    State(state): State<AppState>,
    session: Session,
    Path(n): Path<usize>,
    Query(q): Query<LetterQuery>,
) -> Result<Response> {
    let Some(id) = current_tracked(&session).await? else {
        return Err(Error::NotFound("请先凭申请编号和查询密码查询申请".into()));
    };
    let events = state.store.events(id).await?;
    if events.get(n).is_none_or(|e| service::notice_title(&e.event, true).is_none()) {
        return Err(Error::NotFound("没有这份告知书".into()));
    }
    let detail = state.store.application(id, &gongkai_store::Actor::new("申请人（告知书下载）")?).await?;
    let notices = service::step_notices(&state, &detail, true).await?;
    let Some((_, l)) = notices.iter().find(|(i, _)| *i == n) else {
        return Err(Error::NotFound("没有这份告知书".into()));
    };
    Ok(service::notice_response(l, &detail.tracking_code, &q.format))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CorrectionForm {
    csrf: String,
    /// The version the applicant saw (someone else's change meanwhile is reported, not lost).
    version: i64,
    correction: String,
}

/// The applicant submits the 补正 online (Art. 30): recorded as received today, and the reply
/// period starts again from today.
async fn track_correction(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    PageForm(form): PageForm<CorrectionForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    state.limiter.check(Bucket::PublicForm, ip)?;
    let Some(id) = current_tracked(&session).await? else {
        return Err(Error::NotFound("请先凭申请编号和查询密码查询申请".into()));
    };
    let detail = state.store.application_masked(id).await?;
    if !matches!(detail.lifecycle.stage, Stage::AwaitingCorrection { .. }) {
        return Err(Error::Invalid("该申请当前无需补正".into()));
    }
    let text = service::correction_text(&form.correction)?;
    if text.is_empty() {
        let message = Some("请填写补正内容后再提交".to_string());
        return track_result(&state, &session, &detail, message, None).await;
    }
    let event = Event::ReceiveCorrection { on: state.today(), text };
    state.store.apply_event(id, form.version, &event, &gongkai_store::Actor::new("申请人（网上补正）")?).await?;
    Ok(Redirect::to("/track?view=current&done=corrected").into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct TrackQuery {
    view: String,
    done: String,
    file_error: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct LetterQuery {
    format: String,
}

/// The reply letter of the application last unlocked in this session.
async fn track_letter(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<LetterQuery>,
) -> Result<Response> {
    let Some(id) = current_tracked(&session).await? else {
        return Err(Error::NotFound("请先凭申请编号和查询密码查询申请".into()));
    };
    letter_of(&state, id, &gongkai_store::Actor::new("申请人（答复书下载）")?, &q.format).await
}

/// The reply letter of application `id` for `viewer`, whose permission is already checked. The
/// full read (logged as a view of personal data) happens only once the case is concluded, so a
/// refused download of an open case leaves no "viewed" entry for a view that never happened.
pub(crate) async fn letter_of(
    state: &AppState,
    id: ApplicationId,
    viewer: &gongkai_store::Actor,
    format: &str,
) -> Result<Response> {
    if state.store.application_masked(id).await?.lifecycle.concluded().is_none() {
        return Err(not_ready());
    }
    let detail = state.store.application(id, viewer).await?;
    letter_response(state, &detail, format).await
}

fn not_ready() -> Error {
    Error::NotReady("申请尚未办结，暂无答复书".into())
}

pub(crate) async fn letter_response(
    state: &AppState,
    detail: &gongkai_store::ApplicationDetail,
    format: &str,
) -> Result<Response> {
    let Some(input) = service::letter(state, detail).await? else {
        return Err(not_ready());
    };
    Ok(match format {
        "docx" => document(
            gongkai_render::letter_docx(&input),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Some(format!("{}.docx", detail.tracking_code)),
        ),
        _ => document(gongkai_render::letter_html(&input), "text/html; charset=utf-8", None),
    })
}

async fn ask_page(
    state: &AppState,
    session: &Session,
    form: AskForm,
    errors: Vec<FieldError>,
    track_error: Option<String>,
) -> Result<AskPage> {
    let agencies = state.store.agencies().await?;
    Ok(AskPage {
        csrf: csrf_token(session).await?,
        agencies: agencies.iter().map(|a| Choice::new(a.id.as_str(), a.name.clone(), &form.agency)).collect(),
        form: AskForm { secret: String::new(), csrf: String::new(), ..form },
        errors,
        track_error,
    })
}

async fn ask_form(State(state): State<AppState>, session: Session, Query(q): Query<AgencyQuery>) -> Result<AskPage> {
    ask_page(&state, &session, AskForm { agency: q.agency, ..AskForm::default() }, Vec::new(), None).await
}

/// A consultation submitted online, checked; `Err` lists every problem.
pub(crate) async fn check_question(state: &AppState, f: &AskForm) -> Result<NewConsultation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let agency = match AgencyId::new(f.agency.trim()) {
        Ok(id) if matches!(state.store.agency(&id).await, Ok(Some(_))) => Some(id),
        _ => {
            errors.push(FieldError::new("agency", "请选择咨询机关"));
            None
        }
    };
    let len = |s: &str| s.trim().chars().count();
    if len(&f.name) == 0 || len(&f.name) > 100 {
        errors.push(FieldError::new("name", "请填写称呼（不超过100个字符）"));
    }
    if len(&f.contact) > 200 {
        errors.push(FieldError::new("contact", "联系方式不超过200个字符"));
    }
    if len(&f.question) == 0 || len(&f.question) > 2000 {
        errors.push(FieldError::new("question", "请填写咨询内容（不超过2000个字符）"));
    }
    if let Some(problem) = service::secret_problem(&f.secret) {
        errors.push(FieldError::new("secret", problem));
    }
    match agency {
        Some(agency) if errors.is_empty() => Ok(NewConsultation {
            agency,
            channel: ConsultationChannel::Online,
            question: gongkai_core::text::strip_controls(&f.question, true).into_owned(),
            asker_name: f.name.clone(),
            asker_contact: service::one_line(&f.contact),
            asked_on: state.today(),
            secret_hash: None,
            answer: None,
        }),
        _ => Err(errors),
    }
}

async fn ask(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    PageForm(form): PageForm<AskForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    state.limiter.check(Bucket::PublicForm, ip)?;
    let mut c = match check_question(&state, &form).await {
        Ok(c) => c,
        Err(errors) => {
            let page = ask_page(&state, &session, form, errors, None).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let (_, code) = service::submit_consultation(&state, &mut c, &form.secret).await?;
    Ok(AskResultPage {
        tracking_code: code,
        question: c.question.trim().to_string(),
        asked_on: c.asked_on.to_string(),
        answer: None,
        just_submitted: true,
    }
    .into_response())
}

async fn ask_track(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    PageForm(form): PageForm<TrackForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    state.limiter.check(Bucket::PublicForm, ip)?;
    match consultation_for(&state, &form.code, &form.secret).await {
        Ok(c) => Ok(AskResultPage {
            tracking_code: c.tracking_code,
            question: c.question,
            asked_on: c.asked_on.to_string(),
            answer: c.answer,
            just_submitted: false,
        }
        .into_response()),
        Err(Error::WrongSecret) => {
            let page =
                ask_page(&state, &session, AskForm::default(), Vec::new(), Some("咨询编号或查询密码不正确".into()))
                    .await?;
            Ok((axum::http::StatusCode::FORBIDDEN, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// A consultation by code and secret.
pub(crate) async fn consultation_for(
    state: &AppState,
    code: &str,
    secret: &str,
) -> Result<gongkai_store::Consultation> {
    match state.store.consultation_by_code(code).await? {
        Some((c, Some(hash))) => {
            if state.secrets.verify(SecretOwner::Consultation(c.id), &hash, secret).await {
                Ok(c)
            } else {
                Err(Error::WrongSecret)
            }
        }
        _ => {
            // Unknown code: the same answer after the same work as a wrong secret, so timing
            // does not tell which consultation codes exist.
            let _ = crate::auth::verify_secret(secret.to_string(), crate::console::DUMMY_HASH.to_string()).await;
            Err(Error::WrongSecret)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::attachment_href_ok;

    /// Issue 12: protocol-relative links passed the off-site filter.
    #[test]
    fn attachment_links_stay_on_http_or_this_site() {
        let table: [(&str, bool); 9] = [
            ("https://example.gov.cn/a.pdf", true),
            ("HTTP://example.gov.cn/a.pdf", true),
            ("/files/a.pdf", true),
            ("//evil.example/x", false),
            ("/\\evil.example/x", false),
            ("javascript:alert(1)", false),
            ("data:text/html,x", false),
            ("files/a.pdf", false),
            ("", false),
        ];
        for (href, ok) in table {
            assert_eq!(attachment_href_ok(href), ok, "{href}");
        }
    }
}
