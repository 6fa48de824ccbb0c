//! What the portal, the console and the API share: online submission with its checks, the
//! applicant's secret check, report compilation, reply letters, and events from form fields.

use gongkai_core::Report;
use gongkai_core::case::{ApplicantKind, Channel, Consulted, Event, Outcome, ReplyText};
use gongkai_core::identity::IdType;
use gongkai_render::LetterInput;
use gongkai_store::{
    Actor, AgencyId, Applicant, ApplicationDetail, ApplicationId, NewApplication, NewConsultation, Registered,
    SecretOwner, codes,
};
use jiff::civil::Date;

use crate::AppState;
use crate::auth::verify_secret;
use crate::error::{Error, Result};
use gongkai_core::text::strip_controls;

/// The actor recorded for what the public does on the portal or the API.
pub fn public_actor() -> Actor {
    Actor::new("公众（网上）").expect("a valid actor")
}

/// An application as the public submits it (form or API), before checks.
#[derive(Debug, Clone, Default)]
pub struct OnlineApplication {
    pub agency: String,
    pub applicant_kind: String,
    pub name: String,
    /// 证件类型 code ([`IdType::code`]); empty: the type the number shows.
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub email: String,
    /// 法定代表人或负责人, 联系人 (organisations).
    pub representative: String,
    pub contact_person: String,
    pub delivery: String,
    pub items: Vec<String>,
    pub secret: String,
    /// The secret typed a second time (forms); `None` when not asked (API).
    pub secret_again: Option<String>,
}

/// The 证件类型 a form or API body names by code or label; none given: the type the number
/// shows. The reason in Chinese when the name is not a type.
pub fn id_type_of(code: &str, number: &str, kind: Option<ApplicantKind>) -> std::result::Result<IdType, String> {
    if code.trim().is_empty() {
        return Ok(IdType::infer(number, kind.is_some_and(|k| k != ApplicantKind::Natural)));
    }
    IdType::parse(code).ok_or_else(|| format!("证件类型“{}”无效", code.trim()))
}

/// A refusal of one form field: the field (the id of its input, so a list of errors can link
/// to each field) and what to fix, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError { field, message: message.into() }
    }

    /// The messages of `errors`, joined for an API answer.
    pub fn joined(errors: &[FieldError]) -> String {
        errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；")
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every problem of a submission, in Chinese, so the form can show them all at once.
pub async fn check_online(state: &AppState, a: &OnlineApplication) -> Result<NewApplication, Vec<FieldError>> {
    let mut errors = Vec::new();
    let agency = match AgencyId::new(a.agency.trim()) {
        Ok(id) => match state.store.agency(&id).await {
            Ok(Some(_)) => Some(id),
            Ok(None) => {
                errors.push(FieldError::new("agency", "请选择受理机关"));
                None
            }
            Err(e) => return Err(vec![FieldError::new("agency", Error::from(e).public_message())]),
        },
        Err(_) => {
            errors.push(FieldError::new("agency", "请选择受理机关"));
            None
        }
    };
    let kind = codes::parse_applicant_kind(&a.applicant_kind);
    if kind.is_none() {
        errors.push(FieldError::new("applicant_kind", "请选择申请人类型"));
    }
    let len = |s: &str| s.trim().chars().count();
    if len(&a.name) == 0 || len(&a.name) > 100 {
        errors.push(FieldError::new("name", "请填写申请人姓名或名称（不超过100个字符）"));
    }
    let id_type = id_type_of(&a.id_type, &a.id_number, kind)
        .map_err(|_| errors.push(FieldError::new("id_type", "请选择证件类型")))
        .ok();
    let organisation = kind.is_some_and(|k| k != ApplicantKind::Natural);
    if len(&a.id_number) == 0 || len(&a.id_number) > 40 {
        errors.push(FieldError::new("id_number", "请填写证件号码或统一社会信用代码（不超过40个字符）"));
    } else if let Some(t) = id_type
        && let Err(reason) = gongkai_core::identity::check_applicant(t, &a.id_number, organisation, state.today())
    {
        errors.push(FieldError::new("id_number", format!("证件号码有误：{reason}")));
    }
    if len(&a.email) > 0 && !gongkai_core::identity::email_valid(&a.email) {
        errors.push(FieldError::new("email", "电子邮箱格式不正确"));
    } else if len(&a.email) == 0 && gongkai_store::delivery_by_email(&a.delivery) {
        errors.push(FieldError::new("email", "选择以电子邮件获取信息时，请填写电子邮箱"));
    }
    if len(&a.representative) > 100 || len(&a.contact_person) > 100 {
        errors.push(FieldError::new("representative", "法定代表人或联系人不超过100个字符"));
    }
    if len(&a.phone) == 0 && len(&a.address) == 0 {
        errors.push(FieldError::new("phone", "联系电话和通信地址至少填写一项"));
    }
    if len(&a.phone) > 40 || len(&a.address) > 200 {
        errors.push(FieldError::new("phone", "联系电话不超过40个字符，通信地址不超过200个字符"));
    }
    let items: Vec<String> = a.items.iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
    if items.is_empty() {
        errors.push(FieldError::new("items", "请填写所需政府信息的名称、文号或便于查询的其他特征"));
    } else if items.len() > 50 || items.iter().any(|i| i.chars().count() > 1000) {
        errors.push(FieldError::new("items", "所需政府信息最多50项，每项不超过1000个字符"));
    }
    if len(&a.delivery) == 0 || len(&a.delivery) > 100 {
        errors.push(FieldError::new("delivery", "请选择获取信息的方式"));
    }
    if let Some(problem) = secret_problem(&a.secret) {
        errors.push(FieldError::new("secret", problem));
    } else if a.secret_again.as_ref().is_some_and(|again| again != &a.secret) {
        errors.push(FieldError::new("secret_again", "两次输入的查询密码不一致"));
    }
    match (agency, kind, id_type) {
        (Some(agency), Some(kind), Some(id_type)) if errors.is_empty() => Ok(NewApplication {
            agency,
            applicant: Applicant {
                kind,
                name: a.name.trim().to_string(),
                id_type,
                id_number: a.id_number.trim().to_uppercase(),
                phone: one_line(&a.phone),
                address: one_line(&a.address),
                email: one_line(&a.email),
                representative: if organisation { one_line(&a.representative) } else { String::new() },
                contact_person: if organisation { one_line(&a.contact_person) } else { String::new() },
            },
            channel: Channel::Online,
            delivery: one_line(&a.delivery),
            registered_on: state.today(),
            items: items.iter().map(|i| strip_controls(i, true).into_owned()).collect(),
        }),
        _ => Err(errors),
    }
}

/// A single-line field from the public, trimmed and without control characters (no forged lines
/// in logs, no escape sequences on a clerk's terminal).
pub fn one_line(s: &str) -> String {
    strip_controls(s.trim(), false).trim().to_string()
}

/// What is wrong with a tracking secret chosen by the public, if anything. Surrounding
/// whitespace is refused rather than kept: HTTP trims header values, so such a secret set through
/// the API could never be presented again through `X-Tracking-Secret`; control characters cannot
/// be typed back either.
pub fn secret_problem(secret: &str) -> Option<&'static str> {
    if !(6..=100).contains(&secret.chars().count()) {
        Some("查询密码应为6至100个字符")
    } else if secret.trim() != secret {
        Some("查询密码首尾不能有空格")
    } else if secret.chars().any(char::is_control) {
        Some("查询密码不能包含控制字符")
    } else {
        None
    }
}

/// Registers a checked online application and its secret, both committed in one transaction
/// before this returns. Returns the registration and the provisional due date.
pub async fn submit_online(
    state: &AppState,
    app: &NewApplication,
    secret: &str,
    request: Option<&gongkai_store::RequestKey>,
) -> Result<(Registered, Option<Date>)> {
    submit_sealed(state, app, secret, async |sealed| {
        state.store.register_request(app, &public_actor(), Some(sealed), request).await
    })
    .await
}

/// [`submit_online`] for an application filed with attachments (checked by content already):
/// the application and its files are committed together.
pub async fn submit_online_with_files(
    state: &AppState,
    app: &NewApplication,
    secret: &str,
    files: &[(String, gongkai_core::files::FileKind, Vec<u8>)],
) -> Result<(Registered, Option<Date>)> {
    let role = gongkai_core::files::FileRole::Application;
    let new: Vec<gongkai_store::NewCaseFile<'_>> =
        files.iter().map(|(name, kind, bytes)| gongkai_store::NewCaseFile { name, kind: *kind, role, bytes }).collect();
    submit_sealed(state, app, secret, async |sealed| {
        state.store.register_with_files(app, &public_actor(), Some(sealed), &new).await
    })
    .await
}

/// Registers with the applicant's secret sealed (the fast seal now, the slow hash later) and
/// returns the registration with its provisional deadline.
async fn submit_sealed(
    state: &AppState,
    app: &NewApplication,
    secret: &str,
    register: impl AsyncFnOnce(&str) -> gongkai_store::Result<Registered>,
) -> Result<(Registered, Option<Date>)> {
    let sealed = state.secrets.seal(secret);
    let registered = register(&sealed).await?;
    state.secrets.upgrade_later(SecretOwner::Application(registered.id), &sealed, secret);
    let due = crate::deadline::provisional_due(&*state.calendar.read().await, app.registered_on);
    Ok((registered, due))
}

/// A submission retried with its idempotency key: the registration it made the first time (and
/// its registration date), or [`Error::KeyReused`] when the key came with another body.
pub async fn earlier_request(
    state: &AppState,
    request: Option<&gongkai_store::RequestKey>,
) -> Result<Option<(Registered, Date)>> {
    let Some(request) = request else { return Ok(None) };
    match state.store.request_key(&request.key_hash).await? {
        Some((body_hash, _, _)) if body_hash != request.body_hash => Err(Error::KeyReused),
        Some((_, registered, on)) => Ok(Some((registered, on))),
        None => Ok(None),
    }
}

/// Records a checked public consultation with its asker's secret, committed before this
/// returns. Returns its id and tracking code.
pub async fn submit_consultation(state: &AppState, c: &mut NewConsultation, secret: &str) -> Result<(i64, String)> {
    let sealed = state.secrets.seal(secret);
    c.secret_hash = Some(sealed.clone());
    let (id, code) = state.store.create_consultation(c, &public_actor()).await?;
    state.secrets.upgrade_later(SecretOwner::Consultation(id), &sealed, secret);
    Ok((id, code))
}

/// The application behind a tracking code and secret, personal data masked.
pub async fn tracked_application(state: &AppState, code: &str, secret: &str) -> Result<ApplicationDetail> {
    let code = code.trim();
    if !gongkai_store::tracking_code_is_valid(code) {
        return Err(Error::WrongSecret);
    }
    // Guessing one application's secret from many addresses meets this limit.
    state.limiter.check_key(crate::security::Bucket::TrackingCode, code)?;
    // The status shows no personal data, so the masked read (not logged, nothing written);
    // the letter, which does, is read in full and logged where it is downloaded.
    let Some((detail, Some(hash))) = state.store.tracked_application(code).await? else {
        // Unknown code, or registered offline (no secret): the same answer, after a verification.
        let _ = verify_secret(secret.to_string(), crate::console::DUMMY_HASH.to_string()).await;
        return Err(Error::WrongSecret);
    };
    if !state.secrets.verify(SecretOwner::Application(detail.id), &hash, secret).await {
        tracing::warn!(code, "tracking secret refused");
        return Err(Error::WrongSecret);
    }
    Ok(detail)
}

/// The report of `agency` for `year`, compiled live from the records, under the agency's full
/// name (the title reads "示例市人民政府办公室2025年…", never the internal id).
pub async fn compile(state: &AppState, agency: &AgencyId, year: i16) -> Result<Report> {
    Ok(state.store.compiled_report(agency, year).await?)
}

/// The years whose reports the public can read: those the agency has published.
pub async fn public_years(state: &AppState, agency: &AgencyId) -> Result<Vec<i16>> {
    Ok(state.store.published_years(agency).await?.into_iter().filter_map(|y| i16::try_from(y).ok()).collect())
}

/// The report as the agency last published it: its tables and its prose.
pub async fn published(
    state: &AppState,
    agency: &AgencyId,
    year: i16,
) -> Result<Option<(Report, gongkai_core::Narrative, String)>> {
    let Some(p) = state.store.published_report(agency, i32::from(year)).await? else { return Ok(None) };
    let report = Report::from_json(&p.report_json).map_err(Error::internal)?;
    Ok(Some((report, p.narrative, p.published_at)))
}

/// The prose staff saved for a report, or the draft made from its figures.
pub async fn narrative(
    state: &AppState,
    agency: &AgencyId,
    year: i16,
    report: &Report,
) -> Result<gongkai_core::Narrative> {
    Ok(match state.store.report_narrative(agency, i32::from(year)).await? {
        Some(text) => text,
        None => gongkai_render::draft_narrative(report),
    })
}

/// The sections of the prose not finished yet: still holding a draft mark, or empty (section
/// 六 may be empty: its sentence on fees is written from the figures). Nothing is published then.
pub fn unfinished_sections(n: &gongkai_core::Narrative) -> Vec<&'static str> {
    let mark = gongkai_render::narrative::DRAFT_MARK;
    let mut out = Vec::new();
    for (name, text, may_be_empty) in [
        ("前言", &n.preamble, false),
        ("一、总体情况", &n.overview, false),
        ("五、存在的主要问题及改进情况", &n.problems, false),
        ("六、其他需要报告的事项", &n.other_matters, true),
    ] {
        if text.contains(mark) || (!may_be_empty && text.trim().is_empty()) {
            out.push(name);
        }
    }
    out
}

/// The reply letter of a concluded application, with the text its answer carries.
pub async fn letter(state: &AppState, d: &ApplicationDetail) -> Result<Option<LetterInput>> {
    let Some((on, outcome)) = d.lifecycle.concluded() else { return Ok(None) };
    let events = state.store.events(d.id).await?;
    let text = ReplyText::of_history(events.iter().map(|e| &e.event));
    let mut input = letter_input(state, d, on, outcome, &text).await?;
    // 逾期未缴费: the letter names the fee of the last notice.
    input.fee_yuan = Event::last_fee_yuan(events.iter().map(|e| &e.event));
    Ok(Some(input))
}

/// The title of the step notice an event comes with, if any (see [`step_notices`]): the letter
/// the step sends ([`Event::signed_letter`]) when it was recorded with its text; the answer's
/// letter is not a step notice. `for_applicant` leaves out the letter to the third party.
pub fn notice_title(e: &Event, for_applicant: bool) -> Option<&'static str> {
    let written = match e {
        Event::RequestCorrection { what, .. } => !what.is_empty(),
        Event::ApproveExtension { reasons, .. } => !reasons.is_empty(),
        Event::StartConsultation { whom, .. } => !whom.is_empty() && !for_applicant,
        _ => false,
    };
    if written { e.signed_letter() } else { None }
}

/// Links to the step notices among `events`, each at `{base}/{index of its event}`.
pub fn notice_links(
    events: &[gongkai_store::EventRecord],
    for_applicant: bool,
    base: &str,
) -> Vec<crate::views::NoticeLink> {
    events
        .iter()
        .enumerate()
        .filter_map(|(n, e)| {
            Some(crate::views::NoticeLink {
                href: format!("{base}/{n}"),
                title: notice_title(&e.event, for_applicant)?.to_string(),
                date: e.event.date().to_string(),
            })
        })
        .collect()
}

/// The step notices of an application, in order: (index of the event, the notice) for each
/// 补正, 延期 and third-party 征求意见 recorded with its text. `for_applicant` leaves out the
/// letter to the third party.
pub async fn step_notices(
    state: &AppState,
    d: &ApplicationDetail,
    for_applicant: bool,
) -> Result<Vec<(usize, gongkai_render::letter::Letter)>> {
    let agency = state.store.require_agency(&d.agency).await?;
    let mut out = Vec::new();
    for (n, e) in state.store.events(d.id).await?.iter().enumerate() {
        // Which events come with a notice is decided in one place.
        if notice_title(&e.event, for_applicant).is_none() {
            continue;
        }
        if let Some(notice) = step_notice_of(state, d, &agency.name, &e.event, &d.lifecycle).await {
            out.push((n, notice));
        }
    }
    Ok(out)
}

/// The notice `event` sends, for `d` whose lifecycle after the step is `after` (the new
/// deadline of an extension is read from it); `None` for events that send no step notice.
async fn step_notice_of(
    state: &AppState,
    d: &ApplicationDetail,
    agency: &str,
    event: &Event,
    after: &gongkai_core::case::Lifecycle,
) -> Option<gongkai_render::letter::Letter> {
    use gongkai_render::letter::{StepNotice, StepNoticeKind, step_notice};
    let kind = match event {
        Event::RequestCorrection { what, correct_by, .. } => {
            StepNoticeKind::Correction { what: what.clone(), correct_by: *correct_by }
        }
        Event::ApproveExtension { reasons, .. } => {
            let calendar = state.calendar.read().await;
            StepNoticeKind::Extension {
                reasons: reasons.clone(),
                new_due: crate::deadline::due(after, &calendar, state.today()).map(|(due, _)| due),
            }
        }
        Event::StartConsultation { whom, .. } => StepNoticeKind::Consultation { whom: whom.clone() },
        _ => return None,
    };
    Some(step_notice(&StepNotice {
        agency: agency.to_string(),
        applicant: d.applicant.name.clone(),
        received: d.lifecycle.clock.received.unwrap_or(d.registered_on),
        tracking_code: d.tracking_code.clone(),
        items: d.items.clone(),
        on: event.date(),
        kind,
    }))
}

/// The letter a step would send if signed now (a draft shown to the approver, a step checked
/// before it is signed): the reply for an answer, the step notice otherwise; `None` for steps
/// that send no letter.
pub async fn letter_of_step(
    state: &AppState,
    d: &ApplicationDetail,
    event: &Event,
) -> Result<Option<gongkai_render::letter::Letter>> {
    if let Event::Answer { on, outcome, text } = event {
        let input = letter_input(state, d, *on, *outcome, text).await?;
        return Ok(Some(gongkai_render::letter::letter(&input)));
    }
    if event.signed_letter().is_none() {
        return Ok(None);
    }
    let agency = state.store.require_agency(&d.agency).await?;
    let mut after = d.lifecycle.clone();
    // The deadline an extension's notice states is the one after the extension.
    if after.apply_as_of(event, state.today()).is_err() {
        after = d.lifecycle.clone();
    }
    Ok(step_notice_of(state, d, &agency.name, event, &after).await)
}

/// A step notice as the response asked for: Word with `format=docx`, else an HTML page.
pub fn notice_response(
    l: &gongkai_render::letter::Letter,
    tracking_code: &str,
    format: &str,
) -> axum::response::Response {
    match format {
        "docx" => crate::portal::document(
            gongkai_render::document_docx(l),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Some(format!("{tracking_code}-{}.docx", l.title)),
        ),
        _ => crate::portal::document(gongkai_render::document_html(l), "text/html; charset=utf-8", None),
    }
}

/// The letter `d` gets when answered `on` with `outcome` and `text` (also before the answer is
/// recorded: a draft shown to the approver, an answer checked before it is signed).
pub async fn letter_input(
    state: &AppState,
    d: &ApplicationDetail,
    on: Date,
    outcome: Outcome,
    text: &ReplyText,
) -> Result<LetterInput> {
    let agency = state.store.require_agency(&d.agency).await?;
    let received = d.lifecycle.clock.received.unwrap_or(d.registered_on);
    let mut input = LetterInput::new(
        agency.name,
        d.applicant.name.clone(),
        received,
        d.tracking_code.clone(),
        d.items.clone(),
        outcome,
        on,
    )
    .with_reply_text(text);
    // 区分处理: the files provided with content withheld, and what.
    for (name, withheld) in state.store.withheld_files(d.id).await? {
        input.withheld.push(gongkai_render::letter::WithheldFile {
            name,
            kinds: withheld.into_iter().map(|w| (w.label, w.count)).collect(),
        });
    }
    Ok(input)
}

/// Refuses a step whose letter would still hold a part to fill in (【草稿·待编辑】) or lacks the
/// text it must state (the matters to correct, whom a third party is, why the extension): such
/// a letter can be neither signed nor delivered (Art. 30, 32, 33, 36–37). Steps that send no
/// letter pass.
pub async fn check_letter(state: &AppState, id: ApplicationId, event: &Event) -> Result<()> {
    let Some(name) = event.signed_letter() else { return Ok(()) };
    let detail = state.store.application_masked(id).await?;
    if !matches!(event, Event::Answer { .. }) && notice_title(event, false).is_none() {
        return Err(Error::Invalid(format!("{name}尚缺必须写明的内容，请填写后再提交")));
    }
    let missing = letter_of_step(state, &detail, event).await?.map(|l| l.missing()).unwrap_or_default();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(format!("{name}尚缺以下内容，请在提交时填写：{}", missing.join(""))))
    }
}

/// [`check_letter`] for the draft of `id`, if there is one (before signing it).
pub async fn check_draft_letter(state: &AppState, id: ApplicationId) -> Result<()> {
    match state.store.reply_draft(id).await? {
        Some(draft) => check_letter(state, id, &draft.event).await,
        None => Ok(()),
    }
}

/// An event from the fields of the case form or the API.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EventFields {
    /// confirm_receipt, request_correction, receive_correction, correction_lapsed,
    /// start_consultation, end_consultation, approve_extension, issue_fee_notice, record_payment,
    /// fee_lapsed, answer, withdraw
    pub event: String,
    /// YYYY-MM-DD
    pub on: String,
    /// Outcome code (answer).
    pub outcome: String,
    /// YYYY-MM-DD (request_correction).
    pub correct_by: String,
    /// The matters to correct, stated at once (request_correction; Art. 30).
    pub what: String,
    /// The correction received (receive_correction).
    pub correction_text: String,
    /// Who is consulted (start_consultation; Art. 32, 34).
    pub whom: String,
    /// Why the reply period is extended (approve_extension; Art. 33).
    pub extension_reasons: String,
    /// third_party or other_organ (start_consultation).
    pub party: String,
    /// Yuan (issue_fee_notice).
    pub amount_yuan: String,
    /// The reasons, or how and where the information is provided, as the letter prints them
    /// (answer; Art. 36).
    pub reasons: String,
    /// For information of another organ: that organ and its contact details (answer; Art. 36(五)).
    pub responsible_organ: String,
    pub responsible_contact: String,
}

/// The event kinds with their labels, in lifecycle order.
pub const EVENT_KINDS: [(&str, &str); 12] = [
    ("confirm_receipt", "确认收到申请"),
    ("request_correction", "告知补正"),
    ("receive_correction", "收到补正"),
    ("correction_lapsed", "逾期未补正"),
    ("start_consultation", "征求意见"),
    ("end_consultation", "征求意见结束"),
    ("approve_extension", "批准延期答复"),
    ("issue_fee_notice", "发出收费通知"),
    ("record_payment", "缴费"),
    ("fee_lapsed", "逾期未缴费"),
    ("answer", "答复"),
    ("withdraw", "申请人撤回"),
];

/// At most this many characters in a notice's or a correction's text.
pub const MAX_NOTICE_CHARS: usize = 2000;

/// A text a notice needs: trimmed, without control characters other than line breaks, not
/// empty (`missing` says what to write), at most `max` characters.
fn required_text(s: &str, missing: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::Invalid(missing.to_string()));
    }
    if t.chars().count() > max {
        return Err(Error::Invalid(format!("不超过{max}个字符：{missing}")));
    }
    Ok(strip_controls(t, true).into_owned())
}

/// A correction's text as kept: trimmed, without control characters other than line breaks.
pub fn correction_text(s: &str) -> Result<String> {
    let t = s.trim();
    if t.chars().count() > MAX_NOTICE_CHARS {
        return Err(Error::Invalid(format!("补正内容不超过{MAX_NOTICE_CHARS}个字符")));
    }
    Ok(strip_controls(t, true).into_owned())
}

fn date_field(label: &str, s: &str) -> Result<Date> {
    // Exactly YYYY-MM-DD: no sign, no time, no other forms a lenient parser would take.
    gongkai_core::calendar::parse_iso_date(s.trim())
        .ok_or_else(|| Error::Invalid(format!("{label}应为有效日期（如 2026-03-01），不能是“{}”", s.trim())))
}

impl EventFields {
    pub fn to_event(&self) -> Result<Event> {
        let on = date_field("日期", &self.on)?;
        Ok(match self.event.trim() {
            "confirm_receipt" => Event::ConfirmReceipt { on },
            "request_correction" => {
                let what = self.what.trim();
                if what.is_empty() {
                    return Err(Error::Invalid("告知补正时须一次性写明需要补正的事项（条例第三十条）".into()));
                }
                if what.chars().count() > MAX_NOTICE_CHARS {
                    return Err(Error::Invalid(format!("需要补正的事项不超过{MAX_NOTICE_CHARS}个字符")));
                }
                Event::RequestCorrection {
                    on,
                    correct_by: date_field("补正期限", &self.correct_by)?,
                    what: strip_controls(what, true).into_owned(),
                }
            }
            "receive_correction" => Event::ReceiveCorrection { on, text: correction_text(&self.correction_text)? },
            "correction_lapsed" => Event::CorrectionLapsed { on },
            "start_consultation" => Event::StartConsultation {
                on,
                party: codes::parse_consulted(&self.party).unwrap_or(Consulted::ThirdParty),
                whom: required_text(&self.whom, "征求意见时须写明征求意见的对象（第三方或机关名称）", 200)?,
            },
            "end_consultation" => Event::EndConsultation { on },
            "approve_extension" => Event::ApproveExtension {
                on,
                reasons: required_text(
                    &self.extension_reasons,
                    "延期答复须写明延长答复期限的理由（条例第三十三条）",
                    MAX_NOTICE_CHARS,
                )?,
            },
            "issue_fee_notice" => Event::IssueFeeNotice {
                on,
                amount_yuan: self
                    .amount_yuan
                    .trim()
                    .parse()
                    .map_err(|_| Error::Invalid("收费金额应为不小于0的整数（元）".into()))?,
            },
            "record_payment" => Event::RecordPayment { on },
            "fee_lapsed" => Event::FeeLapsed { on },
            "answer" => Event::Answer {
                on,
                outcome: codes::parse_outcome(&self.outcome)
                    .ok_or_else(|| Error::Invalid("答复时请选择答复结果".into()))?,
                text: ReplyText {
                    reasons: self.reasons.trim().to_string(),
                    responsible_organ: self.responsible_organ.trim().to_string(),
                    responsible_contact: self.responsible_contact.trim().to_string(),
                },
            },
            "withdraw" => Event::Withdraw { on },
            other => return Err(Error::Invalid(format!("未知的操作“{other}”"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_kind_parses() {
        for (kind, label) in EVENT_KINDS {
            let f = EventFields {
                event: kind.into(),
                on: "2026-03-02".into(),
                outcome: "granted".into(),
                correct_by: "2026-03-10".into(),
                what: "请写明所需信息的文号".into(),
                whom: "某公司".into(),
                extension_reasons: "需要调取档案".into(),
                party: "third_party".into(),
                amount_yuan: "100".into(),
                reasons: "理由".into(),
                ..EventFields::default()
            };
            let e = f.to_event().unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(e.label(), label, "{kind}");
        }
        let bad = EventFields { event: "answer".into(), on: "2026-13-01".into(), ..Default::default() };
        assert!(matches!(bad.to_event(), Err(Error::Invalid(_))));
    }
}
