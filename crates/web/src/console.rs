//! The staff console: login and logout, the work queue by due date, registering applications,
//! the case page with every lifecycle action and the letter, consultations, the live annual
//! report with audit findings and exports, and administration (accounts, tokens, guide).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use gongkai_core::calendar::DayKind;
use gongkai_core::case::{Event, Stage};
use gongkai_core::{Report, Severity};
use gongkai_store::{
    AgencyId, Applicant, ApplicationId, ConsultationChannel, NewApplication, NewConsultation, Role, codes,
};
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::auth::{
    CREDENTIAL_KEY, CurrentUser, MIN_PASSWORD, Permission, USER_KEY, hash_secret, new_api_token, token_hash,
    verify_secret,
};
use crate::deadline::{self, Urgency};
use crate::error::{Error, Result};
use crate::portal::document;
use crate::security::{Bucket, ClientIp, PageForm, csrf_token, verify_csrf};
use crate::service::{self, EVENT_KINDS, EventFields, FieldError};
use crate::views::*;
use gongkai_core::files::{FileKind, FileRole};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/console/login", get(login_form).post(login))
        .route("/console/logout", post(logout))
        .route("/console", get(queue))
        .route("/console/cases/new", get(case_new))
        .route("/console/cases", post(case_create))
        .route("/console/cases/{id}", get(case_page))
        .route("/console/cases/{id}/receipt", get(case_receipt))
        .route("/console/cases/{id}/notices/{n}", get(case_notice))
        .route("/console/cases/{id}/events", post(case_event))
        .route("/console/cases/{id}/sign", post(case_sign))
        .route("/console/cases/{id}/return", post(case_return))
        .route("/console/cases/{id}/deliveries", post(case_delivery))
        .route("/console/cases/{id}/letter", get(case_letter))
        .route("/console/consultations", get(consultations).post(consultation_create))
        .route("/console/consultations/{id}/answer", post(consultation_answer))
        .route("/console/reports", get(reports))
        .route("/console/reports/{agency}/{year}", get(report_page))
        .route("/console/reports/{agency}/{year}/export/{format}", get(report_export))
        .route("/console/reports/{agency}/{year}/narrative", post(report_narrative))
        .route("/console/reports/{agency}/{year}/table2", post(report_table2))
        .route("/console/admin", get(admin))
        .route("/console/admin/users", post(admin_user))
        .route("/console/admin/tokens", post(admin_token))
        .route("/console/admin/users/{name}/active", post(admin_user_active))
        .route("/console/admin/users/{name}/password", post(admin_user_password))
        .route("/console/admin/tokens/{id}/revoke", post(admin_revoke))
        .route("/console/admin/guide", post(admin_guide))
}

pub(crate) async fn bar(state: &AppState, user: &CurrentUser) -> Result<UserBar> {
    let agency = state.store.require_agency(&user.agency).await?;
    Ok(UserBar {
        display_name: user.display_name.clone(),
        role: user.role.label(),
        agency: agency.name,
        admin: user.role == Role::Admin,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    csrf: String,
    name: String,
    password: String,
}

async fn login_form(session: Session) -> Result<LoginPage> {
    Ok(LoginPage { csrf: csrf_token(&session).await?, name: String::new(), error: None })
}

async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    state.limiter.check(Bucket::Login, ip)?;
    state.limiter.check_key(Bucket::LoginAccount, &form.name.trim().to_lowercase())?;
    let found = state.store.user_for_login(&form.name).await?;
    let ok = match found {
        Some((user, hash)) if user.active => verify_secret(form.password.clone(), hash).await.then_some(user),
        _ => {
            // Same work for unknown names, so response time does not reveal accounts.
            verify_secret(form.password.clone(), DUMMY_HASH.to_string()).await;
            None
        }
    };
    let Some(user) = ok else {
        tracing::warn!(name = ?form.name, client = %ip, "login failed");
        let page =
            LoginPage {
                csrf: csrf_token(&session).await?, name: form.name, error: Some("登录名或密码不正确".into())
            };
        return Ok((axum::http::StatusCode::UNAUTHORIZED, page).into_response());
    };
    // A new session id at login (no fixation), then a fresh CSRF token.
    session.cycle_id().await.map_err(Error::internal)?;
    session.insert(USER_KEY, user.id).await.map_err(Error::internal)?;
    session.insert(CREDENTIAL_KEY, user.credential_version).await.map_err(Error::internal)?;
    session.remove::<String>("csrf").await.map_err(Error::internal)?;
    Ok(Redirect::to("/console").into_response())
}

/// An argon2id hash of a random string: verified against when the login name is unknown.
pub(crate) const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WuM2hFSQmD1lVMB5lkvQKvvvi9DyWRpGlAMIL4VtmHI";

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

async fn logout(session: Session, PageForm(form): PageForm<CsrfOnly>) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    session.flush().await.map_err(Error::internal)?;
    Ok(Redirect::to("/console/login"))
}

fn applicant_line(a: &gongkai_store::MaskedApplicant) -> String {
    format!("{}（{}）", a.name, a.kind.label())
}

async fn queue(State(state): State<AppState>, session: Session, user: CurrentUser) -> Result<QueuePage> {
    let today = state.today();
    let open = state.store.open_applications(&user.readable, 10_000).await?;
    let waiting = state.store.waiting_drafts().await?;
    let calendar = state.calendar.read().await;
    let mut rows: Vec<(Option<jiff::civil::Date>, QueueRow)> = open
        .iter()
        .map(|o| {
            let due = deadline::due(&o.lifecycle, &calendar, today);
            let (flag, class) = match due.map(|d| d.1) {
                Some(Urgency::Overdue) => ("已超期", "overdue"),
                Some(Urgency::DueSoon) => ("即将超期", "soon"),
                Some(Urgency::Paused) => ("计时暂停", "paused"),
                _ if due.is_none() => ("待确认收到", "pending"),
                _ => ("", ""),
            };
            let row = QueueRow {
                id: o.id.0,
                tracking_code: o.tracking_code.clone(),
                agency: o.agency.to_string(),
                applicant: applicant_line(&o.applicant),
                stage: codes::stage_label(&o.stage).to_string(),
                received_on: o.lifecycle.clock.received.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                due_date: due.map(|d| deadline::shown(&calendar, d.0)).unwrap_or_else(|| "—".into()),
                flag,
                flag_class: class,
                signing: waiting.get(&o.id).map(|name| format!("{name}待签发")),
            };
            (due.map(|d| d.0), row)
        })
        .collect();
    // Unconfirmed applications first (their clock must be started), then by due date.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
    let overdue = rows.iter().filter(|r| r.1.flag_class == "overdue").count();
    let soon = rows.iter().filter(|r| r.1.flag_class == "soon").count();
    let to_sign = rows.iter().filter(|r| r.1.signing.is_some()).count();
    Ok(QueuePage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        today: today.to_string(),
        can_register: user.may(Permission::Register, &user.agency),
        rows: rows.into_iter().map(|r| r.1).collect(),
        overdue,
        soon,
        to_sign,
    })
}

fn channel_choices(current: &str) -> Vec<Choice> {
    codes::CHANNELS.into_iter().map(|c| Choice::new(codes::channel(c), c.label(), current)).collect()
}

async fn case_new_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    form: CaseForm,
    errors: Vec<FieldError>,
) -> Result<CaseNewPage> {
    Ok(CaseNewPage {
        user: bar(state, user).await?,
        csrf: csrf_token(session).await?,
        kinds: Choice::applicant_kinds(&form.applicant_kind),
        id_types: Choice::id_types(&form.id_type),
        channels: channel_choices(&form.channel),
        form,
        errors,
    })
}

async fn case_new(State(state): State<AppState>, session: Session, user: CurrentUser) -> Result<CaseNewPage> {
    user.require(Permission::Register, &user.agency)?;
    let form =
        CaseForm { registered_on: state.today().to_string(), channel: "in_person".into(), ..CaseForm::default() };
    case_new_page(&state, &session, &user, form, Vec::new()).await
}

/// The application a staff form describes, or the reasons it cannot be registered.
fn case_from_form(agency: &AgencyId, f: &CaseForm) -> std::result::Result<NewApplication, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = codes::parse_applicant_kind(&f.applicant_kind);
    if kind.is_none() {
        errors.push(FieldError::new("applicant_kind", "请选择申请人类型"));
    }
    let channel = codes::parse_channel(&f.channel);
    if channel.is_none() {
        errors.push(FieldError::new("channel", "请选择申请渠道"));
    }
    let registered_on = gongkai_core::calendar::parse_iso_date(f.registered_on.trim());
    if registered_on.is_none() {
        errors.push(FieldError::new("registered_on", "登记日期应为有效日期"));
    }
    let id_type = crate::service::id_type_of(&f.id_type, &f.id_number, kind)
        .map_err(|e| errors.push(FieldError::new("id_type", e)))
        .ok();
    match (kind, channel, registered_on, id_type) {
        (Some(kind), Some(channel), Some(registered_on), Some(id_type)) if errors.is_empty() => {
            let app = NewApplication {
                agency: agency.clone(),
                applicant: Applicant {
                    kind,
                    name: f.name.trim().into(),
                    id_type,
                    id_number: f.id_number.trim().to_uppercase(),
                    phone: f.phone.trim().into(),
                    address: f.address.trim().into(),
                    email: f.email.trim().into(),
                    representative: f.representative.trim().into(),
                    contact_person: f.contact_person.trim().into(),
                },
                channel,
                delivery: f.delivery.trim().into(),
                registered_on,
                items: f.items.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
            };
            app.validate().map_err(|e| vec![FieldError::new(store_field(&e), e.to_string())])?;
            Ok(app)
        }
        _ => Err(errors),
    }
}

/// The input of the counter form that a refusal of the store's validation names.
fn store_field(e: &gongkai_store::Error) -> &'static str {
    match e {
        gongkai_store::Error::Invalid { field, .. } => match *field {
            "申请人姓名或名称" => "name",
            "身份证明" => "id_type",
            "身份证明号码" => "id_number",
            "电子邮箱" => "email",
            "联系方式" => "phone",
            "法定代表人或联系人" => "representative",
            "获取信息的方式" => "delivery",
            "申请公开的政府信息" => "items",
            _ => "name",
        },
        _ => "name",
    }
}

async fn case_create(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<CaseForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Register, &user.agency)?;
    let app = match case_from_form(&user.agency, &form) {
        Ok(app) => app,
        Err(errors) => {
            let page = case_new_page(&state, &session, &user, form, errors).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    // Paper and counter applications get a tracking secret too, printed on the receipt (shown
    // once: only its hash is kept), so the applicant can follow the case online.
    let secret = crate::auth::new_receipt_secret();
    let sealed = state.secrets.seal(&secret);
    let registered = state.store.register_with_secret(&app, &user.actor(), Some(&sealed)).await?;
    state.secrets.upgrade_later(gongkai_store::SecretOwner::Application(registered.id), &sealed, &secret);
    session.insert(RECEIPT_KEY, (registered.id.0, secret)).await.map_err(Error::internal)?;
    Ok(Redirect::to(&format!("/console/cases/{}/receipt", registered.id)).into_response())
}

/// The session key holding the secret of the application just registered, until its receipt
/// is shown.
const RECEIPT_KEY: &str = "receipt_secret";

/// The receipt (登记回执) of an application registered by staff, to print and hand over: the
/// tracking code, the secret (right after registration only), what was asked and how the
/// applicant follows it.
async fn case_receipt(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<ReceiptPage> {
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    user.require(Permission::Register, &agency)?;
    let secret = match session.get::<(i64, String)>(RECEIPT_KEY).await.map_err(Error::internal)? {
        Some((for_id, secret)) if for_id == id.0 => {
            session.remove::<(i64, String)>(RECEIPT_KEY).await.map_err(Error::internal)?;
            Some(secret)
        }
        _ => None,
    };
    let detail = state.store.application(id, &user.actor()).await?;
    let agency_name = state.store.require_agency(&agency).await?.name;
    Ok(ReceiptPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        id: id.0,
        agency_name,
        tracking_code: detail.tracking_code,
        secret,
        applicant: detail.applicant.name,
        registered_on: gongkai_render::letter::date_zh(detail.registered_on),
        channel: detail.channel.label().to_string(),
        delivery: detail.delivery,
        items: detail.items,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CaseQuery {
    done: String,
    error: String,
}

/// The agency of an application, checked against what the user may read.
pub(crate) async fn case_agency(state: &AppState, user: &CurrentUser, id: ApplicationId) -> Result<AgencyId> {
    match state.store.application_agency(id).await? {
        Some(agency) if user.may(Permission::Read, &agency) => Ok(agency),
        // Not "forbidden": another agency's applications do not exist for this user.
        _ => Err(Error::NotFound(format!("申请 {id} 不存在"))),
    }
}

async fn case_page(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<CaseQuery>,
) -> Result<CasePage> {
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    let personal = user.may(Permission::ReadPersonal, &agency);
    // The store logs every full view; 督查 reads the masked form, which is not logged.
    let detail = if personal {
        state.store.application(id, &user.actor()).await?
    } else {
        state.store.application_masked(id).await?
    };
    let a = &detail.applicant;
    let lc = &detail.lifecycle;
    let today = state.today();
    let calendar = state.calendar.read().await;
    let explained = deadline::explain(lc, &calendar, today);
    let due = deadline::due(lc, &calendar, today);
    let mut fields = vec![
        Field { label: "申请人", value: a.name.clone() },
        Field { label: "申请人类型", value: a.kind.label().into() },
        Field { label: "身份证明", value: format!("{} {}", a.id_type.label(), a.id_number) },
        Field { label: "联系电话", value: a.phone.clone() },
        Field { label: "通信地址", value: a.address.clone() },
        Field { label: "电子邮箱", value: a.email.clone() },
    ];
    if a.kind != gongkai_core::case::ApplicantKind::Natural {
        fields.push(Field { label: "法定代表人或负责人", value: a.representative.clone() });
        fields.push(Field { label: "联系人", value: a.contact_person.clone() });
    }
    fields.extend([
        Field { label: "申请渠道", value: detail.channel.label().into() },
        Field { label: "获取方式", value: detail.delivery.clone() },
        Field { label: "登记日期", value: detail.registered_on.to_string() },
        Field {
            label: "收到申请日期",
            value: lc.clock.received.map(|d| d.to_string()).unwrap_or_else(|| "待确认（条例第三十一条）".into()),
        },
    ]);
    if let Some((on, outcome)) = lc.concluded() {
        fields.push(Field { label: "办结", value: format!("{on} {}（{}）", outcome.label(), outcome.article()) });
    }
    // A third party has 15 working days from the 征求意见书 to give its opinion (Art. 32); past
    // them, the office decides without it.
    if let Stage::Consulting { since, party: gongkai_core::case::Consulted::ThirdParty } = lc.stage {
        let period = gongkai_core::calendar::DeadlineRequest {
            days: THIRD_PARTY_DAYS,
            ..gongkai_core::calendar::DeadlineRequest::new(since)
        };
        if let Ok(d) = period.compute(&calendar) {
            let late = if today > d.due { "，已逾期未提出意见的，可依法决定" } else { "" };
            fields.push(Field {
                label: "第三方答复期限",
                value: format!(
                    "{}（自{}起{THIRD_PARTY_DAYS}个工作日，条例第三十二条{late}）",
                    deadline::shown(&calendar, d.due),
                    since
                ),
            });
        }
    }
    let mut notes = Vec::new();
    let mut days = Vec::new();
    if let Some(d) = &explained {
        notes.push(format!(
            "自{}起计算{}个工作日{}{}",
            d.start,
            d.days,
            if d.restarted { "（补正后重新起算）" } else { "" },
            if d.extension > 0 {
                format!("，延期{}个工作日（原期限{}）", d.extension, d.original_due)
            } else {
                String::new()
            }
        ));
        if d.paused_working_days > 0 {
            notes.push(format!("征求意见、缴费期间共{}个工作日不计入", d.paused_working_days));
        }
        notes.extend(d.warnings.iter().map(|w| w.to_string()));
        days = d
            .explanation
            .iter()
            .map(|e| DayLine {
                date: format!("{} {}", e.date, gongkai_core::calendar::weekday_zh(e.date.weekday())),
                kind: match (&e.kind, e.paused) {
                    (_, true) => "暂停计时".to_string(),
                    (DayKind::Working, _) => "工作日".to_string(),
                    (DayKind::Weekend, _) => "休息日".to_string(),
                    (DayKind::Holiday { name }, _) => format!("{name}放假"),
                    (DayKind::MakeUpWorkday { name }, _) => format!("{name}调休上班"),
                },
                counted: e.ordinal.map(|n| format!("第{n}个工作日")).unwrap_or_default(),
            })
            .collect();
    }
    let names = staff_names(&state, &agency).await?;
    let who = |login: &str| names.get(login).cloned().unwrap_or_else(|| login.to_string());
    let recorded = state.store.events(id).await?;
    let (events, returned) = history(&state, id, &recorded, &who).await?;
    let actions = if lc.concluded().is_some() {
        Vec::new()
    } else {
        EVENT_KINDS
            .iter()
            .filter(|(kind, _)| {
                let probe = EventFields {
                    event: kind.to_string(),
                    on: today.to_string(),
                    outcome: "granted".into(),
                    correct_by: today.to_string(),
                    what: "（事项）".into(),
                    whom: "（对象）".into(),
                    extension_reasons: "（理由）".into(),
                    party: "third_party".into(),
                    amount_yuan: "0".into(),
                    ..EventFields::default()
                };
                probe.to_event().is_ok_and(|e| user.may_record(&e, &agency) && legal_now(&lc.stage, kind))
            })
            .map(|(k, l)| match *k {
                // A handler's letters are drafts for the approver to sign.
                _ if user.may(Permission::Approve, &agency) => Choice::new(*k, *l, ""),
                "answer" => Choice::new(*k, "拟办答复（报审核人签发）", ""),
                "request_correction" => Choice::new(*k, "告知补正（补正告知书报审核人签发）", ""),
                "start_consultation" => Choice::new(*k, "征求意见（征求第三方意见书报审核人签发）", ""),
                "approve_extension" => Choice::new(*k, "延期答复（报审核人批准）", ""),
                _ => Choice::new(*k, *l, ""),
            })
            .collect()
    };
    let outcomes = gongkai_core::case::Outcome::all()
        .into_iter()
        .map(|o| Choice::new(codes::outcome(o), codes::outcome_detail(o), ""))
        .collect();
    let draft = match (lc.concluded(), state.store.reply_draft(id).await?) {
        (None, Some(d)) => {
            let letter = service::letter_of_step(&state, &detail, &d.event).await?;
            let complete = letter.as_ref().is_none_or(|l| l.missing().is_empty());
            let letter = letter.map(|l| {
                let mut paras = vec![(l.number.clone(), false), (l.salutation.clone(), false)];
                paras.extend(l.body.iter().map(|p| (p.text.clone(), p.is_draft())));
                paras.extend([(l.closing.to_string(), false), (l.signature.clone(), false), (l.date.clone(), false)]);
                (l.title.to_string(), paras)
            });
            let answer = match &d.event {
                Event::Answer { on, outcome, .. } => format!("{on} {}（{}）", outcome.label(), outcome.article()),
                other => format!("{} {}", other.date(), other.label()),
            };
            Some(DraftView {
                name: d.event.signed_letter().unwrap_or("文书"),
                answer,
                complete,
                letter,
                can_sign: user.may(Permission::Approve, &agency) && d.drafted_by != user.actor().as_str(),
                drafted_by: who(&d.drafted_by),
                drafted_at: crate::local_time_zh(&d.drafted_at),
            })
        }
        _ => None,
    };
    let message = match q.done.as_str() {
        "registered" => Some("申请已登记".to_string()),
        "event" => Some("已记录".to_string()),
        "drafted" => Some(match draft.as_ref().map(|d| d.name) {
            Some("答复书") | None => "答复稿已提交，待审核人签发".to_string(),
            Some(name) => format!("{name}已提交，待审核人签发"),
        }),
        "signed" => Some(match recorded.last().and_then(|e| e.event.signed_letter()) {
            Some("答复书") | None => "答复已签发".to_string(),
            Some(name) => format!("{name}已签发"),
        }),
        "returned" => Some("拟稿已退回".to_string()),
        "files" => Some("文件已上传".to_string()),
        "delivered" => Some("送达情况已登记".to_string()),
        "redacted" => Some("已生成区分处理后的副本，作为向申请人提供的信息保存".to_string()),
        _ => None,
    };
    // The files of the case: names and contents may hold personal data, so only for staff who
    // may read it (the handling agency).
    let files = if crate::files::may_see_files(&user, &agency) {
        state
            .store
            .case_files(id)
            .await?
            .iter()
            .map(|f| {
                let mut line =
                    crate::files::FileLine::new(f, format!("/console/cases/{id}/files/{}", f.id), who(&f.uploaded_by));
                let text_kind = matches!(f.kind, FileKind::Docx | FileKind::Xlsx | FileKind::Text | FileKind::Pdf);
                if text_kind
                    && f.role != FileRole::Application
                    && user.agency == agency
                    && user.may(Permission::Handle, &agency)
                {
                    line.redact_href = Some(format!("/console/cases/{id}/files/{}/redact", f.id));
                }
                line
            })
            .collect()
    } else {
        Vec::new()
    };
    let deliveries = state
        .store
        .deliveries(id)
        .await?
        .into_iter()
        .map(|d| crate::views::delivery_line(&d.delivery, Some(who(&d.recorded_by))))
        .collect();
    let may_deliver = lc.concluded().is_some()
        && user.agency == agency
        && (user.may(Permission::Handle, &agency) || user.may(Permission::Register, &agency));
    let handles = user.agency == agency && user.may(Permission::Handle, &agency);
    let upload_roles: Vec<Choice> = if handles {
        gongkai_core::files::FileRole::ALL.iter().map(|r| Choice::new(r.code(), r.label(), "working")).collect()
    } else if user.agency == agency && user.may(Permission::Register, &agency) {
        vec![Choice::new("application", gongkai_core::files::FileRole::Application.label(), "application")]
    } else {
        Vec::new()
    };
    Ok(CasePage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        returned: if draft.is_none() && lc.concluded().is_none() { returned } else { None },
        id: id.0,
        tracking_code: detail.tracking_code.clone(),
        version: detail.version,
        stage: lc.stage_label().into(),
        fields,
        personal_shown: personal,
        items: detail.items.clone(),
        due_date: match (lc.concluded(), due) {
            (Some(_), _) => "已办结".into(),
            (None, Some((d, _))) => deadline::shown(&calendar, d),
            (None, None) => "待确认收到申请后计算".into(),
        },
        flag: due.map(|d| d.1.label()).unwrap_or(""),
        deadline_notes: notes,
        days,
        events,
        actions,
        outcomes,
        today: today.to_string(),
        letter: lc.concluded().is_some() && personal,
        notices: if personal {
            service::notice_links(&recorded, false, &format!("/console/cases/{id}/notices"))
        } else {
            Vec::new()
        },
        draft,
        files,
        upload_roles,
        deliveries,
        delivery_methods: if may_deliver {
            gongkai_core::case::delivery::DeliveryMethod::ALL
                .iter()
                .map(|m| Choice::new(m.code(), m.label(), "post"))
                .collect()
        } else {
            Vec::new()
        },
        message,
        error: (!q.error.is_empty()).then(|| q.error.chars().take(300).collect()),
    })
}

/// Login name → display name of the agency's staff.
async fn staff_names(state: &AppState, agency: &AgencyId) -> Result<std::collections::HashMap<String, String>> {
    Ok(state.store.users(agency).await?.into_iter().map(|u| (u.name, u.display_name)).collect())
}

/// The case history as staff read it: every recorded step with its business date, plus the
/// reply drafts submitted and returned (from the audit log), each with the person's display
/// name and the time recorded in China; and the reason of the last return, if the last thing
/// that happened to a draft was its return.
async fn history(
    state: &AppState,
    id: ApplicationId,
    recorded: &[gongkai_store::EventRecord],
    who: &impl Fn(&str) -> String,
) -> Result<(Vec<StepLine>, Option<(String, String)>)> {
    // (recorded at, line)
    let mut lines: Vec<(String, StepLine)> = recorded
        .iter()
        .map(|e| {
            let mut label = format!("{}（{}，记录于{}）", e.event.label(), who(&e.actor), crate::local_time_zh(&e.at));
            // What a 补正 asked and what came back, as the applicant read and wrote it.
            match &e.event {
                Event::RequestCorrection { what, correct_by, .. } if !what.is_empty() => {
                    label.push_str(&format!("：{what}（补正期限 {}）", gongkai_render::letter::date_zh(*correct_by)));
                }
                Event::ReceiveCorrection { text, .. } if !text.is_empty() => label.push_str(&format!("：{text}")),
                Event::StartConsultation { whom, .. } if !whom.is_empty() => label.push_str(&format!("：{whom}")),
                Event::ApproveExtension { reasons, .. } if !reasons.is_empty() => {
                    label.push_str(&format!("：{reasons}"))
                }
                _ => {}
            }
            (e.at.clone(), StepLine { date: gongkai_render::letter::date_zh(e.event.date()), label })
        })
        .collect();
    let mut returned = None;
    for entry in state.store.audit_log(&format!("application/{id}")).await? {
        let when = crate::local_time_zh(&entry.at);
        let label = match entry.action.as_str() {
            "draft_reply" => {
                returned = None;
                format!("提交{}（{}）", draft_name(entry.after.as_ref()), who(&entry.actor))
            }
            "return_reply" => {
                let after = entry.after.as_ref();
                let reason = after.and_then(|a| a["reason"].as_str()).unwrap_or_default().to_string();
                returned = Some((who(&entry.actor), reason.clone()));
                format!("退回{}（{}）：{reason}", draft_name(after.map(|a| &a["returned"])), who(&entry.actor))
            }
            "sign_reply" => {
                returned = None;
                continue;
            }
            _ => continue,
        };
        lines.push((entry.at.clone(), StepLine { date: when, label }));
    }
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((lines.into_iter().map(|(_, l)| l).collect(), returned))
}

/// What a draft in the audit log was, from its event as logged: 答复稿, 补正告知书稿, ….
fn draft_name(event: Option<&serde_json::Value>) -> String {
    let letter = event
        .and_then(|e| serde_json::from_value::<Event>(e.clone()).ok())
        .and_then(|e| e.signed_letter())
        .unwrap_or("答复书");
    match letter {
        "答复书" => "答复稿".to_string(),
        other => format!("{other}稿"),
    }
}

/// Working days a consulted third party has to answer (Art. 32).
const THIRD_PARTY_DAYS: u32 = 15;

/// Which event kinds the stage admits (the core decides for real when applied).
fn legal_now(stage: &Stage, kind: &str) -> bool {
    match stage {
        Stage::AwaitingConfirmation => matches!(kind, "confirm_receipt" | "withdraw"),
        Stage::Processing => matches!(
            kind,
            "request_correction"
                | "start_consultation"
                | "approve_extension"
                | "issue_fee_notice"
                | "answer"
                | "withdraw"
        ),
        Stage::AwaitingCorrection { .. } => matches!(kind, "receive_correction" | "correction_lapsed" | "withdraw"),
        Stage::Consulting { .. } => matches!(kind, "end_consultation" | "withdraw"),
        Stage::AwaitingPayment { .. } => matches!(kind, "record_payment" | "fee_lapsed" | "withdraw"),
        Stage::Concluded { .. } => false,
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct EventForm {
    csrf: String,
    version: String,
    #[serde(flatten)]
    fields: EventFields,
}

async fn case_event(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    PageForm(form): PageForm<EventForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    if !user.may(Permission::Handle, &agency)
        && !user.may(Permission::ConfirmReceipt, &agency)
        && !user.may(Permission::Approve, &agency)
    {
        return Err(Error::Forbidden);
    }
    let back = |error: String| back_with_error(id, error);
    let event = match form.fields.to_event() {
        Ok(e) => e,
        Err(e) => return Ok(back(e.to_string())),
    };
    if !user.may_record(&event, &agency) {
        return Err(Error::Forbidden);
    }
    match service::check_letter(&state, id, &event).await {
        Ok(()) => {}
        Err(Error::Invalid(missing)) => return Ok(back(missing)),
        Err(e) => return Err(e),
    }
    let version: i64 = form.version.trim().parse().map_err(|_| Error::BadRequest("版本号无效".into()))?;
    // A handler's letter becomes a draft for an approver to sign (拟稿 → 签发).
    let result = if user.drafts(&event, &agency) {
        state.store.draft_reply(id, version, &event, &user.actor()).await.map(|_| "drafted")
    } else {
        state.store.apply_event(id, version, &event, &user.actor()).await.map(|_| "event")
    };
    match result {
        Ok(done) => Ok(Redirect::to(&format!("/console/cases/{id}?done={done}")).into_response()),
        Err(e @ (gongkai_store::Error::Transition(_) | gongkai_store::Error::Conflict { .. })) => {
            Ok(back(e.to_string()))
        }
        Err(e @ gongkai_store::Error::Invalid { .. }) => Ok(back(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct SignForm {
    csrf: String,
    version: String,
    reason: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DeliveryForm {
    csrf: String,
    method: String,
    on: String,
    reference: String,
}

/// 送达: staff record how and when the reply reached the applicant.
async fn case_delivery(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    PageForm(form): PageForm<DeliveryForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    if user.agency != agency || !(user.may(Permission::Handle, &agency) || user.may(Permission::Register, &agency)) {
        return Err(Error::Forbidden);
    }
    let Some(method) = gongkai_core::case::delivery::DeliveryMethod::parse(&form.method) else {
        return Ok(back_with_error(id, "请选择送达方式".into()));
    };
    let Some(on) = gongkai_core::calendar::parse_iso_date(form.on.trim()) else {
        return Ok(back_with_error(id, "送达日期应为有效日期".into()));
    };
    let reference: String = form.reference.trim().chars().filter(|c| !c.is_control()).take(100).collect();
    let delivery = gongkai_core::case::delivery::Delivery { method, on, reference };
    match state.store.record_delivery(id, &delivery, state.today(), &user.actor()).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/cases/{id}?done=delivered#deliveries")).into_response()),
        Err(gongkai_store::Error::Invalid { reason, .. }) => Ok(back_with_error(id, reason)),
        Err(e) => Err(e.into()),
    }
}

/// 签发: an approver signs the handler's draft, which records its step (the answer, a 补正, …).
async fn case_sign(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    PageForm(form): PageForm<SignForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    user.require(Permission::Approve, &agency)?;
    let version: i64 = form.version.trim().parse().map_err(|_| Error::BadRequest("版本号无效".into()))?;
    // A letter with a part still to fill in is returned, not signed.
    match service::check_draft_letter(&state, id).await {
        Ok(()) => {}
        Err(Error::Invalid(missing)) => return Ok(back_with_error(id, format!("不能签发：{missing}"))),
        Err(e) => return Err(e),
    }
    match state.store.sign_reply(id, version, &user.actor()).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/cases/{id}?done=signed")).into_response()),
        Err(
            e @ (gongkai_store::Error::Transition(_)
            | gongkai_store::Error::Conflict { .. }
            | gongkai_store::Error::Invalid { .. }),
        ) => Ok(back_with_error(id, e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// 退回: an approver returns the draft to the handler, with a reason.
async fn case_return(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    PageForm(form): PageForm<SignForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    user.require(Permission::Approve, &agency)?;
    match state.store.return_reply(id, &form.reason, &user.actor()).await {
        Ok(()) => Ok(Redirect::to(&format!("/console/cases/{id}?done=returned")).into_response()),
        Err(e @ gongkai_store::Error::Invalid { .. }) => Ok(back_with_error(id, e.to_string())),
        Err(e) => Err(e.into()),
    }
}

fn back_with_error(id: ApplicationId, error: String) -> Response {
    let q = serde_urlencoded::to_string([("error", error)]).unwrap_or_default();
    Redirect::to(&format!("/console/cases/{id}?{q}")).into_response()
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct FormatQuery {
    format: String,
}

async fn case_letter(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<FormatQuery>,
) -> Result<Response> {
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    user.require(Permission::ReadPersonal, &agency)?;
    crate::portal::letter_of(&state, id, &user.actor(), &q.format).await
}

/// A step notice of a case (补正告知书, 延期答复告知书, 征求第三方意见书), by the index of its
/// event; reading it is a view of personal data (the applicant's name), logged.
async fn case_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, n)): Path<(i64, usize)>,
    Query(q): Query<FormatQuery>,
) -> Result<Response> {
    let id = ApplicationId(id);
    let agency = case_agency(&state, &user, id).await?;
    user.require(Permission::ReadPersonal, &agency)?;
    let detail = state.store.application(id, &user.actor()).await?;
    let notices = service::step_notices(&state, &detail, false).await?;
    let Some((_, l)) = notices.iter().find(|(i, _)| *i == n) else {
        return Err(Error::NotFound("没有这份告知书".into()));
    };
    Ok(service::notice_response(l, &detail.tracking_code, &q.format))
}

async fn consultations_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    error: Option<String>,
) -> Result<ConsultationsPage> {
    let rows = state
        .store
        .consultations(&user.readable, 200)
        .await?
        .into_iter()
        .map(|c| ConsultationRow {
            id: c.id,
            tracking_code: c.tracking_code,
            channel: c.channel.label().into(),
            asked_on: c.asked_on.to_string(),
            asker: c.asker_name,
            question: c.question,
            answer: c.answer,
        })
        .collect();
    Ok(ConsultationsPage {
        user: bar(state, user).await?,
        csrf: csrf_token(session).await?,
        rows,
        channels: ConsultationChannel::ALL.into_iter().map(|c| Choice::new(c.code(), c.label(), "phone")).collect(),
        can_log: user.may(Permission::Register, &user.agency),
        can_answer: user.may(Permission::Handle, &user.agency),
        error,
        today: state.today().to_string(),
    })
}

async fn consultations(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
) -> Result<ConsultationsPage> {
    user.require(Permission::Read, &user.agency)?;
    consultations_page(&state, &session, &user, None).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ConsultationForm {
    csrf: String,
    channel: String,
    asked_on: String,
    name: String,
    contact: String,
    question: String,
    answer: String,
}

async fn consultation_create(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<ConsultationForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Register, &user.agency)?;
    let fail = |msg: String| async {
        let page = consultations_page(&state, &session, &user, Some(msg)).await?;
        Ok::<_, Error>((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let Some(channel) = ConsultationChannel::parse(&form.channel) else {
        return fail("请选择咨询渠道".into()).await;
    };
    let Ok(asked_on) = form.asked_on.trim().parse() else {
        return fail("咨询日期应为有效日期".into()).await;
    };
    let answer = Some(form.answer.trim().to_string()).filter(|a| !a.is_empty());
    if answer.is_some() && !user.may(Permission::Handle, &user.agency) {
        return Err(Error::Forbidden);
    }
    let c = NewConsultation {
        agency: user.agency.clone(),
        channel,
        question: form.question,
        asker_name: form.name,
        asker_contact: form.contact,
        asked_on,
        secret_hash: None,
        answer,
    };
    match state.store.create_consultation(&c, &user.actor()).await {
        Ok(_) => Ok(Redirect::to("/console/consultations").into_response()),
        Err(e @ gongkai_store::Error::Invalid { .. }) => fail(e.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    csrf: String,
    answer: String,
}

async fn consultation_answer(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    PageForm(form): PageForm<AnswerForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    // Only the agency is read to decide: answering shows no personal data, so nothing is logged
    // as viewed (a refused answer used to leave a "viewed personal data" entry behind).
    let agency =
        state.store.consultation_agency(id).await?.ok_or_else(|| Error::NotFound(format!("咨询 {id} 不存在")))?;
    if !user.may(Permission::Read, &agency) {
        return Err(Error::NotFound(format!("咨询 {id} 不存在")));
    }
    user.require(Permission::Handle, &agency)?;
    match state.store.answer_consultation(id, &form.answer, &user.actor()).await {
        Ok(()) => Ok(Redirect::to("/console/consultations").into_response()),
        Err(e @ gongkai_store::Error::Invalid { .. }) => {
            let page = consultations_page(&state, &session, &user, Some(e.to_string())).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ReportQuery {
    agency: String,
    year: String,
}

async fn reports(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ReportQuery>) -> Result<Redirect> {
    // The agency goes into a Location header: only a well-formed agency id may, so a
    // raw CR, LF or NUL from the query string is a 404 rather than a panic building the header.
    let agency = if q.agency.is_empty() {
        user.agency.clone()
    } else {
        AgencyId::new(&q.agency).map_err(|_| Error::NotFound(format!("机关“{}”不存在", q.agency.escape_debug())))?
    };
    let year = q.year.parse::<i16>().unwrap_or(state.today().year() - 1);
    Ok(Redirect::to(&format!("/console/reports/{agency}/{year}")))
}

async fn readable_report(
    state: &AppState,
    user: &CurrentUser,
    agency: &str,
    year: &str,
) -> Result<(AgencyId, i16, Report)> {
    let not_found = || Error::NotFound(format!("机关“{agency}”不存在"));
    let id = AgencyId::new(agency).map_err(|_| not_found())?;
    if !user.may(Permission::Read, &id) {
        return Err(not_found());
    }
    let year: i16 = year.parse().map_err(|_| Error::NotFound(format!("年度“{year}”无效")))?;
    let report = service::compile(state, &id, year).await?;
    Ok((id, year, report))
}

fn grid_table(grid: &gongkai_render::layout::Grid) -> Table {
    use gongkai_render::layout::CellKind;
    Table {
        name: grid.name.to_string(),
        rows: grid
            .row_cells()
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|c| TableCell {
                        header: matches!(c.kind, CellKind::Caption | CellKind::Header),
                        rowspan: c.rowspan,
                        colspan: c.colspan,
                        text: c.display(),
                        class: if c.kind == CellKind::Value { "value" } else { "" },
                    })
                    .collect()
            })
            .collect(),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct FiledQuery {
    filed: Option<i64>,
    published: Option<i64>,
    saved: Option<String>,
    error: Option<String>,
    /// Why the table 二 form was not saved.
    t2error: Option<String>,
}

async fn report_page(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((agency, year)): Path<(String, String)>,
    Query(q): Query<FiledQuery>,
) -> Result<ReportPage> {
    let (id, year, report) = readable_report(&state, &user, &agency, &year).await?;
    let format = gongkai_render::layout::layout_format(&report);
    let tables = vec![
        grid_table(&gongkai_render::layout::table2(&report, format)),
        grid_table(&gongkai_render::layout::table3(&report, format)),
        grid_table(&gongkai_render::layout::table4(&report)),
    ];
    let findings = gongkai_core::audit::audit(&report)
        .into_iter()
        .map(|f| FindingLine {
            severity: match f.severity {
                Severity::Error => "错误".into(),
                Severity::Warning => "警告".into(),
            },
            message: f.message,
        })
        .collect();
    let mut agencies = Vec::new();
    for a in &user.readable {
        if let Some(ag) = state.store.agency(a).await? {
            agencies.push(Choice::new(a.as_str(), ag.name, id.as_str()));
        }
    }
    let this_year = state.today().year();
    let years =
        (2019..=this_year).rev().map(|y| Choice::new(y.to_string(), format!("{y}年"), &year.to_string())).collect();
    let name = state.store.require_agency(&id).await?.name;
    let narrative = service::narrative(&state, &id, year, &report).await?;
    let unfinished = service::unfinished_sections(&narrative).join("、");
    let publication = state.store.published_report(&id, i32::from(year)).await?;
    let table2: Vec<Table2Input> = match state.store.table2_sheet(&id, year).await {
        Ok(lines) => lines
            .into_iter()
            .map(|l| Table2Input {
                key: l.key,
                id: l.key.replace('.', "-"),
                label: l.label,
                value: l.value.map(figure_input).unwrap_or_default(),
                derived: l.source == gongkai_core::publish::Table2Source::Items,
                signed: l.key.ends_with(".delta"),
                decimal: takes_decimals(l.key),
            })
            .collect(),
        // A year before the 2019 format has no table 二 to enter.
        Err(gongkai_store::Error::Invalid { .. }) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let table2_missing = table2.iter().filter(|t| t.value.is_empty()).count();
    Ok(ReportPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        agency: AgencyLink { id: id.to_string(), name },
        year,
        agencies,
        years,
        tables,
        fee_line: gongkai_render::narrative::fee_sentence(&report),
        findings,
        filed: q.filed,
        narrative,
        can_edit: user.may(Permission::Handle, &id),
        can_publish: user.may(Permission::Approve, &id),
        unfinished,
        published_at: publication.map(|p| format!("{}（{}）", crate::local_time_zh(&p.published_at), p.published_by)),
        table2,
        table2_missing,
        table2_saved: q.saved.as_deref() == Some("table2"),
        table2_error: q.t2error.map(|e| e.chars().take(600).collect()),
        message: match (q.published, q.saved.as_deref()) {
            (Some(_), _) => Some("已发布：公众现在看到的是本次发布的年度报告。".to_string()),
            (None, Some("table2")) => None,
            (None, Some(_)) => Some("正文已保存。".to_string()),
            _ => None,
        },
        error: q.error.map(|e| e.chars().take(300).collect()),
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct NarrativeForm {
    csrf: String,
    /// `save`, or `publish` (save, then publish the tables and the prose as they are now).
    action: String,
    preamble: String,
    overview: String,
    problems: String,
    other_matters: String,
}

/// Saves the prose of an annual report (承办), and publishes the report (审核人): the public then
/// reads the tables and the prose of that moment (Art. 50). Nothing with a draft mark or an empty
/// section is published.
async fn report_narrative(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((agency, year)): Path<(String, String)>,
    PageForm(form): PageForm<NarrativeForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    let (id, year, report) = readable_report(&state, &user, &agency, &year).await?;
    let publish = form.action == "publish";
    user.require(if publish { Permission::Approve } else { Permission::Handle }, &id)?;
    let clean = |t: &str| gongkai_core::text::strip_controls(t.trim(), true).into_owned();
    let text = gongkai_core::Narrative {
        preamble: clean(&form.preamble),
        overview: clean(&form.overview),
        problems: clean(&form.problems),
        other_matters: clean(&form.other_matters),
    };
    let back = format!("/console/reports/{id}/{year}");
    state.store.save_report_narrative(&id, i32::from(year), &text, &user.actor()).await?;
    if !publish {
        return Ok(Redirect::to(&format!("{back}?saved=1")));
    }
    let unfinished = service::unfinished_sections(&text);
    if !unfinished.is_empty() {
        let message = format!("尚未发布：{}仍有待编辑的内容", unfinished.join("、"));
        let q = serde_urlencoded::to_string([("error", message)]).unwrap_or_default();
        return Ok(Redirect::to(&format!("{back}?{q}")));
    }
    let json = serde_json::to_string(&report).map_err(Error::internal)?;
    let published = state.store.publish_report(&id, i32::from(year), &json, &text, &user.actor()).await?;
    Ok(Redirect::to(&format!("{back}?published={published}")))
}

/// A table 二 figure as its form field shows it.
fn figure_input(f: gongkai_core::Figure) -> String {
    match f {
        gongkai_core::Figure::Count(n) => n.to_string(),
        gongkai_core::Figure::Amount(x) => x.to_string(),
    }
}

/// Table 二 figures in 万元 take decimals; every other figure is a count.
fn takes_decimals(key: &str) -> bool {
    key.ends_with("_wan") || key.ends_with(".amount")
}

/// The figures typed into the table 二 form: each key of the year's format that is not counted
/// from the items, set when a number is typed, cleared when the field is left empty. Every
/// field is checked before anything is saved; the errors name the rows in Chinese.
fn table2_form(
    lines: &[gongkai_core::publish::Table2Line],
    form: &std::collections::HashMap<String, String>,
) -> std::result::Result<Vec<(String, Option<gongkai_core::Figure>)>, Vec<String>> {
    use gongkai_core::Figure;
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for line in lines.iter().filter(|l| l.source != gongkai_core::publish::Table2Source::Items) {
        let Some(raw) = form.get(line.key) else { continue };
        let typed = raw.trim().replace([',', '，'], "");
        if typed.is_empty() {
            values.push((line.key.to_string(), None));
            continue;
        }
        let figure = match typed.parse::<i64>() {
            Ok(n) => Some(Figure::Count(n)),
            Err(_) if takes_decimals(line.key) => {
                typed.parse::<f64>().ok().filter(|x| x.is_finite() && x.abs() < 1e12).map(Figure::Amount)
            }
            Err(_) => None,
        };
        match figure {
            None if takes_decimals(line.key) => errors.push(format!("“{}”应填写数字（可带小数）", line.label)),
            None => errors.push(format!("“{}”应填写整数", line.label)),
            Some(f) if f.as_f64() < 0.0 && !line.key.ends_with(".delta") => {
                errors.push(format!("“{}”不能为负数", line.label))
            }
            Some(f) => values.push((line.key.to_string(), Some(f))),
        }
    }
    if errors.is_empty() { Ok(values) } else { Err(errors) }
}

/// Saves the table 二 figures an office enters (行政许可, 行政处罚, 行政强制, 收费 …; the rows
/// of rules and normative documents are counted from the items when the agency keeps them
/// here). All or nothing, each change in the audit log.
async fn report_table2(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((agency, year)): Path<(String, String)>,
    PageForm(form): PageForm<std::collections::HashMap<String, String>>,
) -> Result<Redirect> {
    verify_csrf(&session, form.get("csrf").map(String::as_str).unwrap_or_default()).await?;
    let (id, year, _) = readable_report(&state, &user, &agency, &year).await?;
    user.require(Permission::Handle, &id)?;
    let back = format!("/console/reports/{id}/{year}");
    let lines = state.store.table2_sheet(&id, year).await?;
    let refused = |errors: Vec<String>| {
        let message = format!("表二数据未保存：{}", errors.join("；"));
        let q = serde_urlencoded::to_string([("t2error", message)]).unwrap_or_default();
        Redirect::to(&format!("{back}?{q}#table2-form"))
    };
    let values = match table2_form(&lines, &form) {
        Ok(v) => v,
        Err(errors) => return Ok(refused(errors)),
    };
    match state.store.set_table2_all(&id, year, &values, &user.actor()).await {
        Ok(()) => Ok(Redirect::to(&format!("{back}?saved=table2#table2-form"))),
        Err(gongkai_store::Error::Invalid { reason, .. }) => Ok(refused(vec![reason])),
        Err(e) => Err(e.into()),
    }
}

async fn report_export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((agency, year, format)): Path<(String, String, String)>,
) -> Result<Response> {
    let (id, year, report) = readable_report(&state, &user, &agency, &year).await?;
    let narrative = service::narrative(&state, &id, year, &report).await?;
    let base = format!("{id}-{year}");
    Ok(match format.as_str() {
        "html" => document(
            gongkai_render::report_html(&report, &narrative),
            "text/html; charset=utf-8",
            Some(format!("{base}.html")),
        ),
        "docx" => document(
            gongkai_render::report_docx(&report, &narrative),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Some(format!("{base}.docx")),
        ),
        "xlsx" => document(
            gongkai_render::report_xlsx(&report, &narrative),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Some(format!("{base}.xlsx")),
        ),
        "json" => document(
            serde_json::to_vec_pretty(&report).map_err(Error::internal)?,
            "application/json",
            Some(format!("{base}.json")),
        ),
        other => return Err(Error::NotFound(format!("不支持的导出格式“{other}”"))),
    })
}

async fn admin_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    message: Option<String>,
    error: Option<String>,
    new_token: Option<String>,
) -> Result<AdminPage> {
    user.require(Permission::Administer, &user.agency)?;
    let users = state
        .store
        .users(&user.agency)
        .await?
        .into_iter()
        .map(|u| UserRow { name: u.name, display_name: u.display_name, role: u.role.label(), active: u.active })
        .collect();
    let tokens = state
        .store
        .tokens(&user.agency)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            label: t.label,
            role: t.role.label(),
            created_at: t.created_at,
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(AdminPage {
        user: bar(state, user).await?,
        csrf: csrf_token(session).await?,
        users,
        tokens,
        roles: Role::ALL.into_iter().map(|r| Choice::new(r.code(), r.label(), "handler")).collect(),
        guide: state.store.agency_guide(&user.agency).await?.unwrap_or_default(),
        new_token,
        message,
        error,
    })
}

async fn admin(State(state): State<AppState>, session: Session, user: CurrentUser) -> Result<AdminPage> {
    admin_page(&state, &session, &user, None, None, None).await
}

/// The admin page again with `error` shown, answered 422: the form was refused.
async fn admin_refused(state: &AppState, session: &Session, user: &CurrentUser, error: String) -> Result<Response> {
    let page = admin_page(state, session, user, None, Some(error), None).await?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The admin page again with `done` shown.
async fn admin_done(state: &AppState, session: &Session, user: &CurrentUser, done: String) -> Result<Response> {
    Ok(admin_page(state, session, user, Some(done), None, None).await?.into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct UserForm {
    csrf: String,
    name: String,
    display_name: String,
    role: String,
    password: String,
}

async fn admin_user(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<UserForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Administer, &user.agency)?;
    let Some(role) = Role::parse(&form.role) else {
        return admin_refused(&state, &session, &user, "请选择角色".into()).await;
    };
    if form.password.chars().count() < MIN_PASSWORD {
        return admin_refused(&state, &session, &user, format!("密码至少{MIN_PASSWORD}个字符")).await;
    }
    let hash = hash_secret(form.password.clone()).await?;
    match state.store.create_user(&user.agency, &form.name, &form.display_name, role, &hash, &user.actor()).await {
        Ok(u) => admin_done(&state, &session, &user, format!("已添加用户 {}", u.name)).await,
        Err(e @ gongkai_store::Error::Invalid { .. }) => admin_refused(&state, &session, &user, e.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ActiveForm {
    csrf: String,
    /// "1" to enable, "0" to disable.
    active: String,
}

/// The staff account `name` of the admin's own agency, or 404 (another agency's accounts do not
/// exist for this admin).
async fn own_account(state: &AppState, user: &CurrentUser, name: &str) -> Result<gongkai_store::StaffUser> {
    user.require(Permission::Administer, &user.agency)?;
    state
        .store
        .users(&user.agency)
        .await?
        .into_iter()
        .find(|u| u.name == name)
        .ok_or_else(|| Error::NotFound("该工作人员账号不存在".into()))
}

/// 停用/启用 an account: a disabled account cannot log in, and its open sessions stop working at
/// their next request.
async fn admin_user_active(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(name): Path<String>,
    PageForm(form): PageForm<ActiveForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    let account = own_account(&state, &user, &name).await?;
    let active = match form.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return admin_refused(&state, &session, &user, "请选择启用或停用".into()).await,
    };
    if !active && account.name == user.name {
        return admin_refused(&state, &session, &user, "不能停用自己的账号".into()).await;
    }
    state.store.set_user_active(&account.name, active, &user.actor()).await?;
    let done = format!("已{}账号 {}", if active { "启用" } else { "停用" }, account.name);
    admin_done(&state, &session, &user, done).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    csrf: String,
    password: String,
}

/// Sets a new password for an account of the admin's agency (重置密码).
async fn admin_user_password(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(name): Path<String>,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    let account = own_account(&state, &user, &name).await?;
    if form.password.chars().count() < MIN_PASSWORD {
        return admin_refused(&state, &session, &user, format!("密码至少{MIN_PASSWORD}个字符")).await;
    }
    let hash = hash_secret(form.password).await?;
    state.store.set_password(&account.name, &hash, &user.actor()).await?;
    admin_done(&state, &session, &user, format!("已重置账号 {} 的密码", account.name)).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    csrf: String,
    label: String,
    role: String,
}

async fn admin_token(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<TokenForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Administer, &user.agency)?;
    let Some(role) = Role::parse(&form.role) else {
        return admin_refused(&state, &session, &user, "请选择角色".into()).await;
    };
    let token = new_api_token();
    match state.store.create_token(&user.agency, &form.label, role, &token_hash(&token), &user.actor()).await {
        Ok(_) => Ok(admin_page(&state, &session, &user, None, None, Some(token)).await?.into_response()),
        Err(e @ gongkai_store::Error::Invalid { .. }) => admin_refused(&state, &session, &user, e.to_string()).await,
        Err(e) => Err(e.into()),
    }
}

async fn admin_revoke(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    PageForm(form): PageForm<CsrfOnly>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Administer, &user.agency)?;
    state.store.revoke_token(&user.agency, id, &user.actor()).await?;
    Ok(Redirect::to("/console/admin").into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct GuideForm {
    csrf: String,
    guide: String,
}

async fn admin_guide(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<GuideForm>,
) -> Result<Response> {
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Administer, &user.agency)?;
    state.store.set_agency_guide(&user.agency, &form.guide, &user.actor()).await?;
    Ok(Redirect::to("/console/admin").into_response())
}
