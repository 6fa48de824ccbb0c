//! Files on a case over the web: staff put 申请材料, 办理材料 and the information to release on a
//! case from its page; the applicant adds material from the tracking page and, once the case is
//! answered, downloads what was released to them. Every file is checked by its content (kind,
//! structure, zip bombs) before anything is stored; every download is logged. Only the handling
//! agency's staff and the applicant (through code and secret) can fetch a file.

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use gongkai_core::files::{FileKind, FileRole, MAX_FILE_BYTES, safe_name};
use gongkai_store::{ApplicationId, CaseFile, CaseFileId, NewCaseFile};
use tower_sessions::Session;

use crate::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::error::{Error, Result};
use crate::security::{ClientIp, verify_csrf};

/// The largest request carrying files: one file at its limit, with the form around it.
pub const UPLOAD_LIMIT: usize = MAX_FILE_BYTES + 1024 * 1024;

/// Routes whose bodies carry files (their own body limit, see `build_app`).
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/console/cases/{id}/files", post(staff_upload)).route("/track/files", post(applicant_upload))
}

/// Routes that serve files.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/console/cases/{id}/files/{file}", get(staff_download))
        .route("/console/cases/{id}/files/{file}/redact", get(redact_page).post(redact))
        .route("/track/files/{file}", get(applicant_download))
}

/// A file as a page lists it.
#[derive(Debug, Clone)]
pub struct FileLine {
    pub href: String,
    /// The redaction page, for staff who may redact a file of a kind it takes.
    pub redact_href: Option<String>,
    pub name: String,
    pub role: &'static str,
    pub kind: &'static str,
    pub size: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

impl FileLine {
    pub fn new(f: &CaseFile, href: String, uploaded_by: String) -> FileLine {
        FileLine {
            href,
            redact_href: None,
            name: f.name.clone(),
            role: f.role.label(),
            kind: f.kind.label(),
            size: size_text(f.size),
            uploaded_by,
            uploaded_at: crate::local_time_zh(&f.uploaded_at),
        }
    }
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} 字节"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / 1024.0 / 1024.0),
    }
}

/// What a multipart form carried: its text fields and its files (name as given, bytes).
pub(crate) struct Upload {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

impl Upload {
    pub(crate) fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }
}

pub(crate) async fn read_upload(request: axum::extract::Request, state: &AppState) -> Result<Upload> {
    let mut multipart = <Multipart as axum::extract::FromRequest<AppState>>::from_request(request, state)
        .await
        .map_err(|e| Error::BadRequest(format!("上传内容应为表单文件（multipart/form-data）：{}", e.body_text())))?;
    let bad = |e: axum::extract::multipart::MultipartError| Error::BadRequest(format!("上传内容无法读取：{e}"));
    let mut upload = Upload { fields: Vec::new(), files: Vec::new() };
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(bad)?;
                // A form's empty file input sends a part with no name and no bytes.
                if !(file_name.is_empty() && bytes.is_empty()) {
                    upload.files.push((file_name, bytes.to_vec()));
                }
            }
            None => upload.fields.push((name, field.text().await.map_err(bad)?)),
        }
    }
    Ok(upload)
}

/// A form that may come with files: `multipart/form-data` (text fields and files) or a plain
/// urlencoded form (no files), read into the same `T`.
pub struct FormWithFiles<T> {
    pub form: T,
    /// (name as given, bytes) of each file sent.
    pub files: Vec<(String, Vec<u8>)>,
}

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for FormWithFiles<T> {
    type Rejection = Error;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
        if !multipart {
            let crate::security::PageForm(form) = crate::security::PageForm::<T>::from_request(req, state).await?;
            return Ok(FormWithFiles { form, files: Vec::new() });
        }
        let upload = read_upload(req, state).await?;
        let encoded = serde_urlencoded::to_string(&upload.fields).map_err(Error::internal)?;
        let form =
            serde_urlencoded::from_str(&encoded).map_err(|e| Error::BadRequest(format!("表单格式不正确：{e}")))?;
        Ok(FormWithFiles { form, files: upload.files })
    }
}

/// Each file checked by its content, off the async workers: (safe name, kind, bytes), or the
/// refusal of the first bad one, naming it.
pub async fn check_files(files: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, FileKind, Vec<u8>)>> {
    tokio::task::spawn_blocking(move || {
        let mut out = Vec::with_capacity(files.len());
        for (given, bytes) in files {
            match gongkai_extract::files::inspect(&bytes) {
                Ok(kind) => out.push((safe_name(&given, kind), kind, bytes)),
                Err(e) => {
                    let shown: String = given.chars().filter(|c| !c.is_control()).take(80).collect();
                    return Err(Error::Invalid(format!("“{shown}”未上传：{e}")));
                }
            }
        }
        Ok(out)
    })
    .await
    .map_err(Error::internal)?
}

/// Stores checked files on a case, all or nothing, and returns them; a refusal names the files
/// not uploaded (all of this upload).
pub async fn store_files(
    state: &AppState,
    id: ApplicationId,
    files: &[(String, FileKind, Vec<u8>)],
    role: FileRole,
    actor: &gongkai_store::Actor,
) -> Result<Vec<CaseFile>> {
    let new: Vec<NewCaseFile<'_>> =
        files.iter().map(|(name, kind, bytes)| NewCaseFile { name, kind: *kind, role, bytes }).collect();
    match state.store.add_case_files(id, &new, actor).await {
        Ok(stored) => Ok(stored),
        Err(gongkai_store::Error::Invalid { reason, .. }) => {
            let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
            Err(Error::Invalid(format!("{reason}；未上传：{}", names.join("、"))))
        }
        Err(e) => Err(e.into()),
    }
}

fn back_to_case(id: ApplicationId, query: &str) -> Response {
    Redirect::to(&format!("/console/cases/{id}?{query}#case-files")).into_response()
}

fn refused(id: ApplicationId, message: String) -> Response {
    back_to_case(id, &serde_urlencoded::to_string([("error", message)]).unwrap_or_default())
}

/// Who may list and fetch the files of a case of `agency`: its staff who may read personal
/// data, and its own 督查 (who reviews the whole package before the reply is signed); nobody of
/// another agency, not even a supervising one.
pub fn may_see_files(user: &CurrentUser, agency: &gongkai_store::AgencyId) -> bool {
    user.may(Permission::ReadPersonal, agency)
        || (user.role == gongkai_store::Role::Supervisor && user.agency == *agency)
}

/// The role a staff upload asks for, if this person may give it: the applicant's papers for
/// registrars, any role for handlers.
pub fn upload_role(requested: &str, handles: bool) -> Result<FileRole> {
    match FileRole::parse(requested.trim()) {
        Some(FileRole::Application) => Ok(FileRole::Application),
        Some(r) if handles => Ok(r),
        Some(_) => Err(Error::Forbidden),
        None => Err(Error::Invalid("请选择材料类别（application、working 或 release）".into())),
    }
}

/// Staff of the handling agency put files on a case (registrars the applicant's papers,
/// handlers any role).
async fn staff_upload(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Result<Response> {
    let id = ApplicationId(id);
    // Who may is decided before the body is read.
    let agency = crate::console::case_agency(&state, &user, id).await?;
    let (handles, registers) = (user.may(Permission::Handle, &agency), user.may(Permission::Register, &agency));
    if user.agency != agency || !(handles || registers) {
        return Err(Error::Forbidden);
    }
    let upload = read_upload(request, &state).await?;
    verify_csrf(&session, upload.field("csrf")).await?;
    let role = match upload_role(upload.field("role"), handles) {
        Ok(r) => r,
        Err(Error::Invalid(m)) => return Ok(refused(id, m)),
        Err(e) => return Err(e),
    };
    if upload.files.is_empty() {
        return Ok(refused(id, "请选择要上传的文件".into()));
    }
    let files = match check_files(upload.files).await {
        Ok(f) => f,
        Err(Error::Invalid(message)) => return Ok(refused(id, message)),
        Err(e) => return Err(e),
    };
    match store_files(&state, id, &files, role, &user.actor()).await {
        Ok(stored) => Ok(back_to_case(id, &format!("done=files&n={}", stored.len()))),
        Err(Error::Invalid(message)) => Ok(refused(id, message)),
        Err(e) => Err(e),
    }
}

/// A file of a case for its agency's staff who may read personal data; logged.
async fn staff_download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response> {
    let id = ApplicationId(id);
    let agency = crate::console::case_agency(&state, &user, id).await?;
    if !may_see_files(&user, &agency) {
        return Err(Error::Forbidden);
    }
    serve(&state, id, CaseFileId(file), &user.actor(), |_| true).await
}

/// The applicant adds material (申请材料) to the application unlocked in this session, while it
/// is open: papers asked for by a 补正, an ID copy forgotten.
async fn applicant_upload(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    session: Session,
    request: axum::extract::Request,
) -> Result<Response> {
    state.limiter.check(crate::security::Bucket::PublicForm, ip)?;
    let upload = read_upload(request, &state).await?;
    verify_csrf(&session, upload.field("csrf")).await?;
    let Some(id) = crate::portal::current_tracked(&session).await? else {
        return Err(Error::NotFound("请先凭申请编号和查询密码查询申请".into()));
    };
    let detail = state.store.application_masked(id).await?;
    if detail.lifecycle.concluded().is_some() {
        return Err(Error::Invalid("申请已办结，不能再补充材料".into()));
    }
    let back = |q: String| Ok(Redirect::to(&format!("/track?view=current&{q}#track-files")).into_response());
    let error = |m: String| back(serde_urlencoded::to_string([("file_error", m)]).unwrap_or_default());
    if upload.files.is_empty() {
        return error("请选择要上传的文件".into());
    }
    let files = match check_files(upload.files).await {
        Ok(f) => f,
        Err(Error::Invalid(message)) => return error(message),
        Err(e) => return Err(e),
    };
    match store_files(&state, id, &files, FileRole::Application, &applicant_actor()?).await {
        Ok(_) => back("done=files".into()),
        Err(Error::Invalid(message)) => error(message),
        Err(e) => Err(e),
    }
}

/// Who the audit log names for what the applicant does online.
pub fn applicant_actor() -> Result<gongkai_store::Actor> {
    Ok(gongkai_store::Actor::new("申请人（网上提交材料）")?)
}

/// The files the applicant sees on the tracking page: their own material, and once the case is
/// answered, the information released to them.
pub fn visible_to_applicant(f: &CaseFile, concluded: bool) -> bool {
    match f.role {
        FileRole::Application => true,
        FileRole::Release => concluded,
        FileRole::Working => false,
    }
}

/// A file of the application unlocked in this session, if the applicant may see it; logged.
async fn applicant_download(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<i64>,
) -> Result<Response> {
    let Some(id) = crate::portal::current_tracked(&session).await? else {
        return Err(Error::NotFound("请先凭申请编号和查询密码查询申请".into()));
    };
    let concluded = state.store.application_masked(id).await?.lifecycle.concluded().is_some();
    let actor = gongkai_store::Actor::new("申请人（文件下载）")?;
    serve(&state, id, CaseFileId(file), &actor, |f| visible_to_applicant(f, concluded)).await
}

/// The file as a download, if it belongs to case `id` and `allowed` admits it (a refused file
/// is not read, so its download is not logged).
pub(crate) async fn serve(
    state: &AppState,
    id: ApplicationId,
    file: CaseFileId,
    actor: &gongkai_store::Actor,
    allowed: impl Fn(&CaseFile) -> bool,
) -> Result<Response> {
    let not_found = || Error::NotFound("文件不存在".into());
    if !state.store.case_file(id, file).await?.is_some_and(|f| allowed(&f)) {
        return Err(not_found());
    }
    let (info, bytes) = state.store.download_case_file(id, file, actor).await?.ok_or_else(not_found)?;
    let disposition =
        format!("attachment; filename=\"file.{}\"; filename*=UTF-8''{}", info.kind.extension(), encode(&info.name));
    let mut response = (
        [
            (header::CONTENT_TYPE, info.kind.media_type()),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"),
        ],
        bytes,
    )
        .into_response();
    if let Ok(v) = disposition.parse() {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// RFC 5987 percent-encoding of a file name (Chinese names survive every browser).
fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The text of a file as the redaction reads it, or why it cannot be redacted here.
fn file_text(kind: FileKind, bytes: &[u8]) -> std::result::Result<String, String> {
    use gongkai_render::redact::package_text;
    match kind {
        FileKind::Docx => package_text(bytes, true).map_err(|e| e.to_string()),
        FileKind::Xlsx => package_text(bytes, false).map_err(|e| e.to_string()),
        FileKind::Text => {
            Ok(String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned())
        }
        FileKind::Pdf => gongkai_extract::input::pdf_redact::pdf_text(bytes).map_err(|e| e.to_string()),
        FileKind::Png | FileKind::Jpeg => {
            Err("图片没有文字层，不能自动区分处理：请用 Word、Excel 或文本原件进行区分处理".into())
        }
    }
}

/// The natural persons the case knows by name: the applicant (a natural person) and the third
/// parties consulted.
async fn known_people(
    state: &AppState,
    id: ApplicationId,
    detail: &gongkai_store::ApplicationDetail,
) -> Result<gongkai_core::redact::Known> {
    let mut names = Vec::new();
    if detail.applicant.kind == gongkai_core::case::ApplicantKind::Natural {
        names.push(detail.applicant.name.clone());
    }
    for e in state.store.events(id).await? {
        if let gongkai_core::case::Event::StartConsultation { whom, .. } = &e.event
            && !whom.trim().is_empty()
        {
            names.push(whom.trim().to_string());
        }
    }
    Ok(gongkai_core::redact::Known { names, ..Default::default() })
}

/// A file of the case for redaction, with who may: the handling agency's handlers.
async fn redactable(
    state: &AppState,
    user: &CurrentUser,
    id: ApplicationId,
    file: CaseFileId,
) -> Result<(gongkai_store::ApplicationDetail, CaseFile, Vec<u8>)> {
    let agency = crate::console::case_agency(state, user, id).await?;
    if user.agency != agency {
        return Err(Error::Forbidden);
    }
    user.require(Permission::Handle, &agency)?;
    let (info, bytes) = state
        .store
        .read_case_file(id, file, &user.actor(), gongkai_store::FileAccess::Redaction)
        .await?
        .ok_or_else(|| Error::NotFound("文件不存在".into()))?;
    let detail = state.store.application_masked(id).await?;
    Ok((detail, info, bytes))
}

/// The proposals for a file (身份证号码, 电话, 银行卡号, 邮箱, 车牌, the case's people), each with
/// its context and how often it occurs, for a person to confirm.
async fn redact_page(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<crate::views::RedactPage> {
    let id = ApplicationId(id);
    let (detail, info, bytes) = redactable(&state, &user, id, CaseFileId(file)).await?;
    let known = known_people(&state, id, &detail).await?;
    let (proposals, error) = match file_text(info.kind, &bytes) {
        Ok(text) => {
            let mut lines: Vec<crate::views::ProposalLine> = Vec::new();
            for p in gongkai_core::redact::propose(&text, &known) {
                match lines.iter_mut().find(|l| l.text == p.text) {
                    Some(line) => line.count += 1,
                    None => lines.push(crate::views::ProposalLine {
                        label: p.category.label(),
                        text: p.text,
                        context: p.context,
                        count: 1,
                    }),
                }
            }
            (lines, None)
        }
        Err(why) => (Vec::new(), Some(why)),
    };
    Ok(crate::views::RedactPage {
        user: crate::console::bar(&state, &user).await?,
        csrf: crate::security::csrf_token(&session).await?,
        id: id.0,
        tracking_code: detail.tracking_code,
        file_id: info.id.0,
        file_name: info.name,
        ground: gongkai_core::redact::Category::Name.ground(),
        proposals,
        error,
    })
}

/// Writes the redacted copy of a file with what the person confirmed and added, and keeps it
/// as information to release, with the record of what was withheld (the reply letter lists it).
async fn redact(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path((id, file)): Path<(i64, i64)>,
    crate::security::PageForm(form): crate::security::PageForm<Vec<(String, String)>>,
) -> Result<Response> {
    let csrf = form.iter().find(|(k, _)| k == "csrf").map_or("", |(_, v)| v.as_str());
    verify_csrf(&session, csrf).await?;
    let id = ApplicationId(id);
    let (detail, info, bytes) = redactable(&state, &user, id, CaseFileId(file)).await?;
    let text = match file_text(info.kind, &bytes) {
        Ok(t) => t,
        Err(why) => return Ok(refused(id, why)),
    };
    // What is withheld: the proposals confirmed, then what the terms and patterns typed (one
    // per line; `正则:` lines are patterns) find in the file.
    let mut withhold: Vec<String> = form.iter().filter(|(k, _)| k == "w").map(|(_, v)| v.trim().to_string()).collect();
    let typed = form.iter().find(|(k, _)| k == "terms").map_or("", |(_, v)| v.as_str());
    let typed = match gongkai_core::redact::Known::default().with_typed(typed) {
        Ok(k) => k,
        Err(why) => return Ok(refused(id, why)),
    };
    withhold.extend(typed.terms.iter().cloned());
    withhold.extend(gongkai_core::redact::propose(&text, &typed).into_iter().map(|p| p.text));
    withhold.retain(|w| !w.is_empty());
    withhold.sort();
    withhold.dedup();
    if withhold.is_empty() {
        return Ok(refused(id, "没有选择需要遮盖的内容，未生成副本".into()));
    }
    // The kinds withheld and how many places, as the letter states them.
    let known = gongkai_core::redact::Known { terms: withhold.clone(), ..known_people(&state, id, &detail).await? };
    let mut kinds: Vec<gongkai_store::Withheld> = Vec::new();
    for p in gongkai_core::redact::propose(&text, &known).into_iter().filter(|p| withhold.contains(&p.text)) {
        let code = serde_json::to_value(p.category).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        match kinds.iter_mut().find(|k| k.category == code) {
            Some(k) => k.count += 1,
            None => {
                kinds.push(gongkai_store::Withheld { category: code, label: p.category.label().to_string(), count: 1 })
            }
        }
    }
    let kind = info.kind;
    let list = withhold.clone();
    let written = tokio::task::spawn_blocking(move || match kind {
        FileKind::Docx => {
            gongkai_render::redact::redact_docx(&bytes, &list).map(|r| (r.bytes, r.withheld)).map_err(|e| e.to_string())
        }
        FileKind::Xlsx => {
            gongkai_render::redact::redact_xlsx(&bytes, &list).map(|r| (r.bytes, r.withheld)).map_err(|e| e.to_string())
        }
        FileKind::Pdf => gongkai_extract::input::pdf_redact::redact_pdf(&bytes, &list)
            .map(|r| (r.bytes, r.withheld))
            .map_err(|e| e.to_string()),
        _ => {
            let (t, n) = gongkai_render::redact::redact_text(&text, &list);
            Ok((t.into_bytes(), n))
        }
    })
    .await
    .map_err(Error::internal)?;
    let (copy, count) = match written {
        Ok(w) => w,
        Err(e) => return Ok(refused(id, format!("未生成副本：{e}"))),
    };
    if count == 0 {
        return Ok(refused(id, "所选内容在文件中未找到，未生成副本".into()));
    }
    let stem = info.name.rsplit_once('.').map_or(info.name.as_str(), |(s, _)| s);
    let name = safe_name(&format!("{stem}（区分处理）.{}", kind.extension()), kind);
    let new = NewCaseFile { name: &name, kind, role: FileRole::Release, bytes: &copy };
    match state.store.add_redacted_copy(id, info.id, &new, &kinds, &user.actor()).await {
        Ok(_) => Ok(back_to_case(id, "done=redacted")),
        Err(gongkai_store::Error::Invalid { reason, .. }) => Ok(refused(id, reason)),
        Err(e) => Err(e.into()),
    }
}
