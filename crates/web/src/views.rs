//! The pages as askama templates (`templates/`): each struct holds display-ready text, so the
//! templates stay logic-free and everything is escaped by askama; and the few lines of text that
//! public and staff pages show alike (a delivery).

use askama::Template;
use askama_web::WebTemplate;

/// The logged-in user as the console header shows it.
#[derive(Debug, Clone)]
pub struct UserBar {
    pub display_name: String,
    pub role: &'static str,
    pub agency: String,
    pub admin: bool,
}

/// One option of a `<select>`.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Choice {
        let value = value.into();
        let selected = value == current;
        Choice { value, label: label.into(), selected }
    }

    /// The applicant kinds (申请人类型), `current` selected.
    pub fn applicant_kinds(current: &str) -> Vec<Choice> {
        use gongkai_core::case::ApplicantKind;
        ApplicantKind::ALL
            .into_iter()
            .map(|k| Choice::new(gongkai_store::codes::applicant_kind(k), k.label(), current))
            .collect()
    }

    /// The identity documents (证件类型) of the standard form, `current` selected.
    pub fn id_types(current: &str) -> Vec<Choice> {
        use gongkai_core::identity::IdType;
        let current = if current.is_empty() { IdType::ResidentId.code() } else { current };
        IdType::ALL.into_iter().map(|t| Choice::new(t.code(), t.label(), current)).collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub message: String,
    pub login: bool,
}

#[derive(Debug, Clone)]
pub struct AgencyLink {
    pub id: String,
    pub name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub agencies: Vec<AgencyLink>,
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_list.html")]
pub struct AgencyListPage {
    pub title: &'static str,
    pub intro: &'static str,
    pub base: &'static str,
    pub agencies: Vec<AgencyLink>,
}

#[derive(Template, WebTemplate)]
#[template(path = "guide.html")]
pub struct GuidePage {
    pub agency: AgencyLink,
    pub paragraphs: Vec<String>,
    pub edited: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog.html")]
pub struct CatalogPage {
    pub agency: AgencyLink,
    pub nodes: Vec<CatalogLine>,
    /// The node shown, when one is chosen.
    pub node_name: Option<String>,
    pub items: Vec<ItemLine>,
    /// How many items the node (or the whole catalog) holds.
    pub total: u64,
    pub pager: Pager,
}

/// Page numbers of a long list: 上一页, a window of numbered pages, 下一页.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// 1-based.
    pub page: u64,
    pub pages: u64,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub numbers: Vec<PageNumber>,
}

/// One page number of a [`Pager`].
#[derive(Debug, Clone)]
pub struct PageNumber {
    pub n: u64,
    /// `None` for the current page.
    pub href: Option<String>,
    /// A gap (…) comes before it (the numbers skip some pages).
    pub gap: bool,
}

impl Pager {
    /// The pager of `page` among `total` items shown `per_page` at a time; `href(n)` is the
    /// address of page `n`. Shows the first and last page and two on each side of the current.
    pub fn new(page: u64, total: u64, per_page: u64, href: impl Fn(u64) -> String) -> Pager {
        let pages = total.div_ceil(per_page.max(1)).max(1);
        let page = page.clamp(1, pages);
        let mut numbers: Vec<PageNumber> = Vec::new();
        for n in (1..=pages).filter(|&n| n == 1 || n == pages || n.abs_diff(page) <= 2) {
            let gap = numbers.last().is_some_and(|last| n > last.n + 1);
            numbers.push(PageNumber { n, href: (n != page).then(|| href(n)), gap });
        }
        Pager {
            page,
            pages,
            prev: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
            numbers,
        }
    }

    /// Whether the list has more than one page (otherwise no pager is shown).
    pub fn shown(&self) -> bool {
        self.pages > 1
    }
}

#[derive(Debug, Clone)]
pub struct ReportYears {
    pub agency: AgencyLink,
    pub years: Vec<i16>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports.html")]
pub struct ReportsPage {
    pub rows: Vec<ReportYears>,
}

/// The values of the application form, echoed back when it is refused.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    pub csrf: String,
    /// One id per form shown: a form sent twice (reload, back and resend) files once.
    pub form_id: String,
    pub agency: String,
    pub applicant_kind: String,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub email: String,
    pub representative: String,
    pub contact_person: String,
    pub delivery: String,
    pub items: String,
    pub secret: String,
    pub secret_again: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "apply.html")]
pub struct ApplyPage {
    pub csrf: String,
    pub agencies: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub id_types: Vec<Choice>,
    pub deliveries: Vec<Choice>,
    pub form: ApplyForm,
    pub errors: Vec<crate::service::FieldError>,
}

#[derive(Template, WebTemplate, serde::Serialize, serde::Deserialize)]
#[template(path = "apply_done.html")]
pub struct ApplyDonePage {
    pub tracking_code: String,
    pub agency: String,
    pub submitted_on: String,
    pub due_date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "track.html")]
pub struct TrackPage {
    pub csrf: String,
    pub code: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct StepLine {
    pub date: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "track_result.html")]
pub struct TrackResultPage {
    pub csrf: String,
    pub tracking_code: String,
    pub agency: String,
    pub stage: String,
    pub registered_on: String,
    pub received_on: String,
    pub due_date: String,
    pub outcome: Option<String>,
    pub steps: Vec<StepLine>,
    pub letter: bool,
    /// The 补正 notice in force, if the case waits for a correction.
    pub correction: Option<CorrectionNotice>,
    /// The notices of the steps so far (补正告知书, 延期答复告知书).
    pub notices: Vec<NoticeLink>,
    /// The applicant's material and, once answered, the information released to them.
    pub files: Vec<crate::files::FileLine>,
    /// The case is open: the applicant may add material.
    pub may_add_files: bool,
    /// How the reply reached the applicant, as recorded.
    pub deliveries: Vec<String>,
    pub file_error: Option<String>,
    pub message: Option<String>,
}

/// A link to a step notice (HTML; `?format=docx` for Word).
#[derive(Debug, Clone)]
pub struct NoticeLink {
    pub href: String,
    pub title: String,
    pub date: String,
}

/// A 补正 notice as the applicant reads it (Art. 30).
#[derive(Debug, Clone)]
pub struct CorrectionNotice {
    pub on: String,
    pub correct_by: String,
    pub what: String,
    pub version: i64,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AskForm {
    pub csrf: String,
    pub agency: String,
    pub name: String,
    pub contact: String,
    pub question: String,
    pub secret: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "ask.html")]
pub struct AskPage {
    pub csrf: String,
    pub agencies: Vec<Choice>,
    pub form: AskForm,
    pub errors: Vec<crate::service::FieldError>,
    pub track_error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "ask_result.html")]
pub struct AskResultPage {
    pub tracking_code: String,
    pub question: String,
    pub asked_on: String,
    pub answer: Option<String>,
    pub just_submitted: bool,
}

// ---- console ----

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub csrf: String,
    pub name: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct QueueRow {
    pub id: i64,
    pub tracking_code: String,
    pub agency: String,
    pub applicant: String,
    pub stage: String,
    pub received_on: String,
    pub due_date: String,
    pub flag: &'static str,
    pub flag_class: &'static str,
    /// "补正告知书待签发" while a draft waits for an approver.
    pub signing: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "queue.html")]
pub struct QueuePage {
    pub user: UserBar,
    pub csrf: String,
    pub today: String,
    pub rows: Vec<QueueRow>,
    pub can_register: bool,
    pub overdue: usize,
    pub soon: usize,
    /// Cases with a letter waiting for an approver's signature.
    pub to_sign: usize,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CaseForm {
    pub csrf: String,
    pub applicant_kind: String,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub email: String,
    pub representative: String,
    pub contact_person: String,
    pub channel: String,
    pub delivery: String,
    pub registered_on: String,
    pub items: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_new.html")]
pub struct CaseNewPage {
    pub user: UserBar,
    pub csrf: String,
    pub kinds: Vec<Choice>,
    pub id_types: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub form: CaseForm,
    pub errors: Vec<crate::service::FieldError>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct DayLine {
    pub date: String,
    pub kind: String,
    pub counted: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    /// The last reply draft was returned: by whom, and why (shown to the handler).
    pub returned: Option<(String, String)>,
    pub user: UserBar,
    pub csrf: String,
    pub id: i64,
    pub tracking_code: String,
    pub version: i64,
    pub stage: String,
    pub fields: Vec<Field>,
    pub personal_shown: bool,
    pub items: Vec<String>,
    pub due_date: String,
    pub flag: &'static str,
    pub deadline_notes: Vec<String>,
    pub days: Vec<DayLine>,
    pub events: Vec<StepLine>,
    /// Event kinds the user may record now: (value, label).
    pub actions: Vec<Choice>,
    pub outcomes: Vec<Choice>,
    pub today: String,
    pub letter: bool,
    /// The notices of the steps (staff who may read personal data).
    pub notices: Vec<NoticeLink>,
    /// The reply draft waiting for an approver (拟办答复), if any.
    pub draft: Option<DraftView>,
    /// The files on the case (staff who may read personal data).
    pub files: Vec<crate::files::FileLine>,
    /// The roles this person may upload files as (none: no upload form).
    pub upload_roles: Vec<Choice>,
    /// The deliveries of the reply so far.
    pub deliveries: Vec<String>,
    /// The ways a delivery may be recorded (none: no form).
    pub delivery_methods: Vec<Choice>,
    pub message: Option<String>,
    pub error: Option<String>,
}

/// A reply draft as the case page shows it.
#[derive(Debug, Clone)]
pub struct DraftView {
    /// What waits: 答复书, 补正告知书, 征求第三方意见书, 延期答复告知书.
    pub name: &'static str,
    /// "2026-01-05 予以公开（第二十六条）", or the step and its date.
    pub answer: String,
    pub drafted_by: String,
    pub drafted_at: String,
    /// Whether this user may sign or return it (an approver other than its writer).
    pub can_sign: bool,
    /// The letter as the applicant will receive it: its title, and its lines with whether each
    /// still holds a part to fill in.
    pub letter: Option<(String, Vec<(String, bool)>)>,
    /// No part of the letter is left to fill in (otherwise it cannot be signed).
    pub complete: bool,
}

#[derive(Debug, Clone)]
pub struct ConsultationRow {
    pub id: i64,
    pub tracking_code: String,
    pub channel: String,
    pub asked_on: String,
    pub asker: String,
    pub question: String,
    pub answer: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations.html")]
pub struct ConsultationsPage {
    pub user: UserBar,
    pub csrf: String,
    pub rows: Vec<ConsultationRow>,
    pub channels: Vec<Choice>,
    pub can_log: bool,
    pub can_answer: bool,
    pub error: Option<String>,
    pub today: String,
}

/// A table cell as HTML draws it.
#[derive(Debug, Clone)]
pub struct TableCell {
    pub header: bool,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
    pub class: &'static str,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub rows: Vec<Vec<TableCell>>,
}

#[derive(Debug, Clone)]
pub struct FindingLine {
    pub severity: String,
    pub message: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub user: UserBar,
    pub csrf: String,
    pub agency: AgencyLink,
    pub year: i16,
    pub agencies: Vec<Choice>,
    pub years: Vec<Choice>,
    pub tables: Vec<Table>,
    pub fee_line: String,
    pub findings: Vec<FindingLine>,
    /// The version just filed with the supervising office, after that action.
    pub filed: Option<i64>,
    /// The prose (saved, or the draft made from the figures).
    pub narrative: gongkai_core::Narrative,
    pub can_edit: bool,
    pub can_publish: bool,
    /// The sections still to write, joined ("" when all are written).
    pub unfinished: String,
    /// When and by whom the report was last published.
    pub published_at: Option<String>,
    /// The rows of table 二 for the office's entry form.
    pub table2: Vec<Table2Input>,
    /// How many rows of table 二 are still to be entered.
    pub table2_missing: usize,
    pub table2_saved: bool,
    pub table2_error: Option<String>,
    pub message: Option<String>,
    pub error: Option<String>,
}

/// One row of the table 二 entry form.
#[derive(Debug, Clone)]
pub struct Table2Input {
    /// The report key, the form field's name.
    pub key: &'static str,
    /// The HTML id (the key with dots as dashes).
    pub id: String,
    pub label: &'static str,
    /// The figure as typed ("" when none).
    pub value: String,
    /// Counted from the published items: shown, not editable.
    pub derived: bool,
    /// Whether it may be negative (the 2019 format's 本年增/减).
    pub signed: bool,
    /// Whether it takes decimals (amounts in 万元).
    pub decimal: bool,
}

#[derive(Debug, Clone)]
pub struct UserRow {
    pub name: String,
    pub display_name: String,
    pub role: &'static str,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub role: &'static str,
    pub created_at: String,
    pub revoked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin.html")]
pub struct AdminPage {
    pub user: UserBar,
    pub csrf: String,
    pub users: Vec<UserRow>,
    pub tokens: Vec<TokenRow>,
    pub roles: Vec<Choice>,
    pub guide: String,
    pub new_token: Option<String>,
    pub message: Option<String>,
    pub error: Option<String>,
}

/// One line of an item list (公开目录).
#[derive(Debug, Clone)]
pub struct ItemLine {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub doc_number: String,
    pub written_on: String,
    pub published_on: String,
}

/// A node of the catalog tree, flattened with its depth for indentation.
#[derive(Debug, Clone)]
pub struct CatalogLine {
    pub id: i64,
    pub name: String,
    pub depth: usize,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "item.html")]
pub struct ItemPage {
    pub title: String,
    pub agency: AgencyLink,
    pub fields: Vec<Field>,
    pub paragraphs: Vec<String>,
    pub attachments: Vec<(String, String)>,
    /// The published document this 政策解读 explains, as (link, title).
    pub interprets: Option<(String, String)>,
    /// The published 政策解读 of this document, as (link, title).
    pub interpreted_by: Vec<(String, String)>,
}

/// A facet value as a link that narrows the search.
#[derive(Debug, Clone)]
pub struct FacetLink {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct FacetGroup {
    pub title: &'static str,
    pub values: Vec<FacetLink>,
}

/// A search hit. `title_html` and `snippet_html` are escaped by the search index, with the
/// matches in `<em>`; the template prints them as they are.
#[derive(Debug, Clone)]
pub struct HitLine {
    pub id: i64,
    pub title_html: String,
    pub snippet_html: String,
    pub meta: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub q: String,
    pub total: u64,
    /// `false`: `total` and the facet counts are estimates (shown as 约).
    pub total_exact: bool,
    /// Nothing held the query as typed; the hits hold its words apart.
    pub relaxed: bool,
    pub took_ms: String,
    pub hits: Vec<HitLine>,
    pub facets: Vec<FacetGroup>,
    pub filters: Vec<FacetLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub page: u32,
    pub pages: u64,
    pub searched: bool,
}

/// One agency of a supervised subtree, as the supervision page lists it.
#[derive(Debug, Clone)]
pub struct SupervisionRow {
    pub code: String,
    pub name: String,
    pub level: String,
    /// Depth below the node shown (for indentation).
    pub depth: usize,
    /// 本级未报送 / 逾期发布 / where the figures come from.
    pub status: String,
    pub missing: bool,
    /// Reports filed in the agency's subtree / agencies in it ("" for a leaf).
    pub coverage: String,
    pub applications: String,
    pub concluded: String,
    pub disclosure_rate: String,
    /// 按期答复率 and average working days of the answers given on this platform.
    pub on_time_rate: String,
    pub average_days: String,
    pub source_errors: usize,
    pub reading: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision.html")]
pub struct SupervisionPage {
    pub user: UserBar,
    pub csrf: String,
    pub code: String,
    pub name: String,
    pub year: i32,
    pub agencies: Vec<Choice>,
    pub years: Vec<Choice>,
    /// The supervising agency one level up, when the user may read it: (code, name).
    pub parent: Option<(String, String)>,
    pub included: usize,
    pub missing_count: usize,
    /// The first names of agencies without a report.
    pub missing: Vec<String>,
    pub applications: String,
    pub concluded: String,
    pub disclosure_rate: String,
    pub review_rate: String,
    pub suit_rate: String,
    /// 办理时效 of the answers given on this platform in the subtree.
    pub on_time_rate: String,
    pub average_days: String,
    pub methods: Vec<String>,
    /// The children ranked by 公开率: (place, name, rate with its counts).
    pub ranked: Vec<(usize, String, String)>,
    /// Children not ranked: too few concluded applications.
    pub too_small: Vec<String>,
    pub min_sample: i64,
    /// Inline SVG built by `supervision::bar_chart` (labels escaped there).
    pub outcome_chart: String,
    pub outcomes: Vec<(String, String)>,
    pub children_chart: String,
    pub children: Vec<(String, String)>,
    pub trend_chart: String,
    /// (year, applications, concluded)
    pub trend: Vec<(String, String, String)>,
    pub rows: Vec<SupervisionRow>,
    pub findings: Vec<String>,
    /// The result of an upload just made, when there is one.
    pub done: String,
}

/// A file waiting to be assigned.
#[derive(Debug, Clone)]
pub struct InboxLine {
    pub sha: String,
    pub short: String,
    pub file_name: String,
    pub read_agency: String,
    pub year: String,
    pub reason: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "supervision_inbox.html")]
pub struct SupervisionInboxPage {
    pub user: UserBar,
    pub csrf: String,
    pub entries: Vec<InboxLine>,
    pub agencies: Vec<Choice>,
}

/// One item in the console's list of an agency's items.
#[derive(Debug, Clone)]
pub struct ItemListLine {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub doc_number: String,
    pub written_on: String,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "items_console.html")]
pub struct PublishingListPage {
    pub user: UserBar,
    pub csrf: String,
    pub statuses: Vec<Choice>,
    pub items: Vec<ItemListLine>,
    pub total: u64,
    pub pager: Pager,
    pub may_draft: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "item_new.html")]
pub struct PublishingNewPage {
    pub user: UserBar,
    pub csrf: String,
    pub title: String,
    pub doc_number: String,
    pub written_on: String,
    pub body: String,
    pub topics: Vec<Choice>,
    pub genres: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub error: Option<String>,
}

/// A workflow step offered on an item page.
#[derive(Debug, Clone)]
pub struct ItemAction {
    pub code: &'static str,
    pub label: &'static str,
    /// The label of the note the step takes ("" for none).
    pub note: &'static str,
}

#[derive(Debug, Clone)]
pub struct ItemEventLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "item_console.html")]
pub struct PublishingItemPage {
    pub user: UserBar,
    pub csrf: String,
    pub id: i64,
    pub version: i64,
    pub index_no: String,
    pub title: String,
    pub doc_number: String,
    pub issuer: String,
    pub written_on: String,
    pub kind: String,
    pub status: String,
    pub drafted_by: String,
    pub reviewed_by: String,
    pub published_by: String,
    pub body: String,
    pub public_link: Option<String>,
    pub actions: Vec<ItemAction>,
    pub today: String,
    pub events: Vec<ItemEventLine>,
    pub done: String,
    /// The document this item interprets (政策解读), as (console link, title, 索引号).
    pub interprets: Option<(String, String, String)>,
    /// Its interpretations, as (console link, title).
    pub interpreted_by: Vec<(String, String)>,
    /// Whether this person may link it to the document it interprets.
    pub may_link: bool,
    pub error: String,
}

/// The receipt of an application registered at the counter or from paper (登记回执).
#[derive(Template, WebTemplate)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    pub user: UserBar,
    /// For the logout form of the console's frame.
    pub csrf: String,
    pub id: i64,
    pub agency_name: String,
    pub tracking_code: String,
    /// Shown once, right after registration.
    pub secret: Option<String>,
    pub applicant: String,
    pub registered_on: String,
    pub channel: String,
    pub delivery: String,
    pub items: Vec<String>,
}

/// One proposal of the redaction page.
#[derive(Debug, Clone)]
pub struct ProposalLine {
    pub label: &'static str,
    pub text: String,
    pub context: String,
    pub count: usize,
}

/// 区分处理 of one file: the proposals to confirm, and the terms to add.
#[derive(Template, WebTemplate)]
#[template(path = "redact.html")]
pub struct RedactPage {
    pub user: UserBar,
    pub csrf: String,
    pub id: i64,
    pub tracking_code: String,
    pub file_id: i64,
    pub file_name: String,
    pub ground: &'static str,
    pub proposals: Vec<ProposalLine>,
    /// Why this file cannot be redacted here (nothing to confirm then).
    pub error: Option<String>,
}

/// One agency of a 督查's subtree, edited in the console (issue 15).
#[derive(Template, WebTemplate)]
#[template(path = "agency_edit.html")]
pub struct AgencyEditPage {
    pub user: UserBar,
    pub csrf: String,
    pub code: String,
    pub name: String,
    pub short_names: String,
    pub levels: Vec<Choice>,
    pub kinds: Vec<Choice>,
    /// Where it may hang: agencies of the subtree (not itself nor below it).
    pub parents: Vec<Choice>,
    /// The 督查's own agency stays where it is.
    pub may_move: bool,
    pub message: Option<String>,
    pub error: Option<String>,
}

/// A delivery as people read it: "2026年12月6日 邮寄（邮件号 1190012345678）", with who recorded it
/// for staff.
pub fn delivery_line(d: &gongkai_core::case::delivery::Delivery, by: Option<String>) -> String {
    let mut line = format!("{} {}", gongkai_render::letter::date_zh(d.on), d.method.label());
    let reference = d.reference.trim();
    if !reference.is_empty() {
        let what = if d.method == gongkai_core::case::delivery::DeliveryMethod::Post { "邮件号 " } else { "" };
        line.push_str(&format!("（{what}{reference}）"));
    }
    if let Some(by) = by {
        line.push_str(&format!("，{by}登记"));
    }
    line
}
