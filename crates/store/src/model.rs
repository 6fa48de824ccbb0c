//! What the repository takes and returns: new applications, summaries with masked personal
//! data, full details, events, audit entries, agencies.

use gongkai_core::case::{ApplicantKind, Channel, Event, Lifecycle, Outcome};
use gongkai_core::identity::{self, IdType};
use jiff::civil::Date;
use serde::Serialize;

use crate::Error;
use crate::ids::{AgencyId, ApplicationId};

/// The applicant and their personal data (Art. 29: name, proof of identity, contact details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applicant {
    pub kind: ApplicantKind,
    /// Name, or the organisation's name.
    pub name: String,
    /// 证件类型 of `id_number`.
    #[serde(serialize_with = "id_type_code")]
    pub id_type: IdType,
    /// 身份证明: ID card or passport number, or the 统一社会信用代码 of an organisation.
    pub id_number: String,
    pub phone: String,
    pub address: String,
    /// 电子邮箱: required when the information is to be sent by e-mail.
    pub email: String,
    /// 法定代表人或负责人 of a legal person or other organisation.
    pub representative: String,
    /// 联系人 of a legal person or other organisation.
    pub contact_person: String,
}

fn id_type_code<S: serde::Serializer>(t: &IdType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(t.code())
}

impl Default for Applicant {
    /// A natural person with a resident ID, every field empty (constructors fill what they have).
    fn default() -> Applicant {
        Applicant {
            kind: ApplicantKind::Natural,
            name: String::new(),
            id_type: IdType::ResidentId,
            id_number: String::new(),
            phone: String::new(),
            address: String::new(),
            email: String::new(),
            representative: String::new(),
            contact_person: String::new(),
        }
    }
}

/// Whether a requested delivery is by e-mail (then an address is needed).
pub fn delivery_by_email(delivery: &str) -> bool {
    let d = delivery.to_lowercase();
    ["电子邮件", "电子邮箱", "邮箱", "email", "e-mail"].iter().any(|w| d.contains(w))
}

/// An application as registered by the office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    pub agency: AgencyId,
    pub applicant: Applicant,
    pub channel: Channel,
    /// 获取信息的方式、途径 as requested (Art. 29 para. 2 (三)).
    pub delivery: String,
    pub registered_on: Date,
    /// The information sought, one entry per item (Art. 29 para. 2 (二)).
    pub items: Vec<String>,
}

impl NewApplication {
    /// Checks a new registration: the contents of Art. 29 ([`NewApplication::validate_record`]),
    /// and an e-mail address when the information is to be sent by e-mail. The reason in Chinese.
    pub fn validate(&self) -> Result<(), Error> {
        self.validate_record()?;
        if delivery_by_email(&self.delivery) && self.applicant.email.trim().is_empty() {
            return Err(Error::invalid("电子邮箱", "选择以电子邮件获取信息时须填写电子邮箱"));
        }
        Ok(())
    }

    /// Checks the mandatory contents of Art. 29, as an imported record of an earlier
    /// application must have them (records kept before e-mail addresses were asked for are
    /// taken without one).
    pub fn validate_record(&self) -> Result<(), Error> {
        let a = &self.applicant;
        let len = |s: &str| s.trim().chars().count();
        if len(&a.name) == 0 || len(&a.name) > 100 || !a.name.chars().any(is_visible) {
            return Err(Error::invalid("申请人姓名或名称", "不能为空（不能只有空白或不可见字符），且不超过100个字符"));
        }
        if len(&a.id_number) == 0 || len(&a.id_number) > 40 {
            return Err(Error::invalid("身份证明号码", "不能为空，且不超过40个字符"));
        }
        identity::check_applicant(a.id_type, &a.id_number, a.kind != ApplicantKind::Natural, crate::today())
            .map_err(|reason| Error::invalid("身份证明", reason))?;
        if len(&a.email) > 0 && !identity::email_valid(&a.email) {
            return Err(Error::invalid("电子邮箱", format!("“{}”不是有效的电子邮箱地址", a.email.trim())));
        }
        if len(&a.representative) > 100 || len(&a.contact_person) > 100 {
            return Err(Error::invalid("法定代表人或联系人", "不超过100个字符"));
        }
        if len(&a.phone) == 0 && len(&a.address) == 0 {
            return Err(Error::invalid("联系方式", "电话和地址至少填写一项"));
        }
        if len(&a.phone) > 40 || len(&a.address) > 200 {
            return Err(Error::invalid("联系方式", "电话不超过40个字符，地址不超过200个字符"));
        }
        if len(&self.delivery) == 0 || len(&self.delivery) > 100 {
            return Err(Error::invalid("获取信息的方式", "不能为空，且不超过100个字符"));
        }
        if self.items.is_empty() || self.items.iter().any(|i| len(i) == 0) {
            return Err(Error::invalid("申请公开的政府信息", "至少填写一项，且每项不能为空"));
        }
        if self.items.len() > MAX_ITEMS || self.items.iter().any(|i| len(i) > MAX_ITEM_CHARS) {
            return Err(Error::invalid(
                "申请公开的政府信息",
                format!("最多{MAX_ITEMS}项，每项不超过{MAX_ITEM_CHARS}个字符"),
            ));
        }
        // The Regulation (2007) took effect on 2008-05-01; no application is filed in the future.
        let first = Date::constant(2008, 5, 1);
        if self.registered_on < first || self.registered_on > crate::today() {
            return Err(Error::invalid("登记日期", format!("“{}”不在{first}至今天之间", self.registered_on)));
        }
        Ok(())
    }
}

/// An 18-character resident ID number must carry a valid check character (GB 11643); other
/// forms (passports, older or foreign documents) are accepted as they are.
pub fn resident_id_ok(id: &str) -> bool {
    let b = id.as_bytes();
    let looks_like_resident_id = b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit);
    !looks_like_resident_id || IdType::ResidentId.check(id, crate::today()).is_ok()
}

/// At most this many items in one application, of at most this many characters each (the same
/// for online, staff and API registration).
pub const MAX_ITEMS: usize = 50;
pub const MAX_ITEM_CHARS: usize = 1000;

/// A character that shows: not white space, not a control or an invisible format character
/// (zero-width space, joiners, BOM, word joiner, direction marks, soft hyphen).
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The check character of the first 17 digits of a resident ID number (GB 11643).
pub fn resident_id_check(first17: &str) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    b"10X98765432"[(sum % 11) as usize]
}

/// An application as registered and pre-processed elsewhere (import, demo, benchmark): the
/// events are replayed through [`Lifecycle::apply`] and stored with it.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkApplication {
    pub application: NewApplication,
    pub events: Vec<Event>,
}

/// What registration returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registered {
    pub id: ApplicationId,
    pub tracking_code: String,
    pub version: i64,
}

/// What an applied event returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub version: i64,
    pub lifecycle: Lifecycle,
    /// The reply deadline now (see [`ApplicationSummary::due_date`]).
    pub due_date: Option<Date>,
}

/// An application whose stored reply deadline moved (a holiday schedule was imported, or a
/// missing deadline was filled in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueDateChange {
    pub id: ApplicationId,
    pub tracking_code: String,
    pub before: Option<Date>,
    pub after: Option<Date>,
}

/// Personal data as lists show it (see [`crate::mask`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaskedApplicant {
    pub kind: ApplicantKind,
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

impl MaskedApplicant {
    /// Masks the stored identity: a natural person's name and ID number are personal data; an
    /// organisation's name and code are not. The contact phone is masked for both.
    pub(crate) fn new(kind: ApplicantKind, name: String, id_number: String, phone: &str) -> MaskedApplicant {
        let natural = kind == ApplicantKind::Natural;
        MaskedApplicant {
            kind,
            name: if natural { crate::mask::name(&name) } else { name },
            id_number: if natural { crate::mask::id_number(&id_number) } else { id_number },
            phone: crate::mask::phone(phone),
        }
    }
}

/// One line of an application list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplicationSummary {
    pub id: ApplicationId,
    pub tracking_code: String,
    pub agency: AgencyId,
    pub applicant: MaskedApplicant,
    pub channel: Channel,
    pub registered_on: Date,
    pub received_on: Option<Date>,
    /// Stage code (see [`crate::codes::STAGES`]).
    pub stage: String,
    pub concluded: Option<(Date, Outcome)>,
    pub version: i64,
    /// The reply deadline (答复期限) while the clock runs; `None` while awaiting confirmation,
    /// 补正, the end of a consultation or payment, and once concluded.
    pub due_date: Option<Date>,
}

/// One application in full, personal data included (read through [`crate::Store::application`],
/// which logs the viewing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApplicationDetail {
    pub id: ApplicationId,
    pub tracking_code: String,
    pub agency: AgencyId,
    pub applicant: Applicant,
    pub channel: Channel,
    pub delivery: String,
    pub registered_on: Date,
    pub items: Vec<String>,
    pub lifecycle: Lifecycle,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Which applications to list: newest first, keyset-paginated by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub agency: Option<AgencyId>,
    /// A stage code.
    pub stage: Option<String>,
    /// Only applications with a smaller id (the last id of the previous page).
    pub before: Option<ApplicationId>,
    /// At most this many (1–1000; 0 means 50).
    pub limit: u32,
}

/// One recorded event of an application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub actor: String,
    /// RFC 3339, UTC: when it was recorded.
    pub at: String,
    pub event: Event,
    pub stage_before: Option<String>,
    pub stage_after: String,
    pub version_after: i64,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    pub at: String,
    /// `application/12`, `agency/demo`, `remedy/3`, `table2/demo/2025`, `calendar/2027`.
    pub entity: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub id: AgencyId,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resident_id_check_characters() {
        assert!(resident_id_ok("11010519491231002X"));
        assert!(!resident_id_ok("110105194912310021"));
        assert!(resident_id_ok("E12345678"), "passports pass as they are");
    }

    /// Issue 12, failures 7–9: every path (online, staff, API, import) registers through this
    /// check, so the limits and the sanity of names, ID numbers and dates hold for all of them.
    #[test]
    fn registration_is_checked_the_same_for_every_path() {
        let base = || NewApplication {
            agency: AgencyId::new("demo").unwrap(),
            applicant: Applicant {
                kind: ApplicantKind::Natural,
                name: "王五".into(),
                id_number: "11010519491231002X".into(),
                phone: "13800001111".into(),
                address: String::new(),
                ..Default::default()
            },
            channel: Channel::InPerson,
            delivery: "邮寄".into(),
            registered_on: Date::constant(2025, 3, 3),
            items: vec!["2025年财政预算".into()],
        };
        // (case, change, accepted)
        type Change = fn(&mut NewApplication);
        let table: [(&str, Change, bool); 13] = [
            ("as filed", |_| {}, true),
            ("zero-width name", |a| a.applicant.name = "\u{200B}\u{FEFF}\u{2060}".into(), false),
            ("name of spaces", |a| a.applicant.name = "\u{3000} ".into(), false),
            ("ID born on 1949-02-30", |a| a.applicant.id_number = id_with_birth("19490230"), false),
            ("ID born in 1899", |a| a.applicant.id_number = id_with_birth("18991231"), false),
            ("ID born tomorrow+", |a| a.applicant.id_number = id_with_birth("29991231"), false),
            ("ID born 1990-06-15", |a| a.applicant.id_number = id_with_birth("19900615"), true),
            ("51 items", |a| a.items = vec!["一项".into(); 51], false),
            ("an item of 1001 characters", |a| a.items = vec!["字".repeat(1001)], false),
            ("delivery of 101 characters", |a| a.delivery = "邮".repeat(101), false),
            ("registered 0000-01-01", |a| a.registered_on = Date::constant(0, 1, 1), false),
            ("registered 1900-01-01", |a| a.registered_on = Date::constant(1900, 1, 1), false),
            ("registered 9999-12-31", |a| a.registered_on = Date::constant(9999, 12, 31), false),
        ];
        for (case, change, accepted) in table {
            let mut a = base();
            change(&mut a);
            assert_eq!(a.validate().is_ok(), accepted, "{case}: {:?}", a.validate());
        }
    }

    /// A resident ID number with `birth` (YYYYMMDD) and a valid check character.
    fn id_with_birth(birth: &str) -> String {
        let first17 = format!("110105{birth}002");
        let check = resident_id_check(&first17) as char;
        format!("{first17}{check}")
    }
}
