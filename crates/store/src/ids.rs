//! Typed identifiers (agency, application, remedy), the acting person and the tracking code:
//! an application id cannot be passed where a remedy id is expected.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// An agency (行政机关) id: short, lowercase ASCII (`demo`, `city-finance`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgencyId(String);

impl AgencyId {
    /// Checks the form: 1–64 characters of `a-z`, `0-9`, `-`, `_`, starting with a letter or digit.
    pub fn new(id: impl Into<String>) -> Result<AgencyId, Error> {
        let id = id.into();
        if !gongkai_core::supervise::AgencyCode::is_valid(&id) {
            return Err(Error::invalid("机关标识", format!("“{id}”只能由小写字母、数字、“-”和“_”组成（1至64个字符）")));
        }
        Ok(AgencyId(id))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for AgencyId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AgencyId::new(s)
    }
}

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    };
}

numeric_id!(
    /// An application (依申请公开) row id.
    ApplicationId
);
numeric_id!(
    /// A review or suit (行政复议/行政诉讼) row id.
    RemedyId
);
numeric_id!(
    /// A disclosed item's (主动公开信息) row id.
    ItemId
);
numeric_id!(
    /// A file on a case (申请材料、办理材料、提供的信息) row id.
    CaseFileId
);
numeric_id!(
    /// A node of an agency's catalog (公开目录).
    CatalogNodeId
);

/// Who does something: a staff account name, `import`, `demo` … Recorded in every event and
/// audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Actor(String);

impl Actor {
    pub fn new(name: impl Into<String>) -> Result<Actor, Error> {
        let name: String = name.into().trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid("操作人", "不能为空，且不超过100个字符"));
        }
        Ok(Actor(name))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The code an applicant quotes to ask about an application: `YYYY-NNNNNNNN-C`, the year of
/// registration, the id, and an ISO 7064 MOD 11-2 check character (as on ID cards) that
/// catches a mistyped digit.
pub fn tracking_code(year: i16, id: ApplicationId) -> String {
    let digits = format!("{year:04}{:08}", id.0);
    format!("{year:04}-{:08}-{}", id.0, check_char(&digits))
}

/// Whose tracking secret (查询密码): an online application's or a consultation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretOwner {
    Application(ApplicationId),
    Consultation(i64),
}

/// Whether a tracking code is well formed and its check character matches.
pub fn tracking_code_is_valid(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    let [year, id, check] = parts[..] else { return false };
    if year.len() != 4 || id.len() < 8 || !year.bytes().chain(id.bytes()).all(|b| b.is_ascii_digit()) {
        return false;
    }
    check.len() == 1 && check.starts_with(check_char(&format!("{year}{id}")))
}

fn check_char(digits: &str) -> char {
    let mut p = 0u32;
    for b in digits.bytes() {
        p = ((p + u32::from(b - b'0')) * 2) % 11;
    }
    let c = (12 - p % 11) % 11;
    if c == 10 { 'X' } else { char::from(b'0' + c as u8) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_ids_are_short_lowercase_ascii() {
        assert!(AgencyId::new("demo").is_ok());
        assert!(AgencyId::new("city-finance_2").is_ok());
        for bad in ["", "Demo", "示例", "-x", "a b", &"a".repeat(65)] {
            assert!(AgencyId::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tracking_codes_carry_a_check_character() {
        let code = tracking_code(2026, ApplicationId(123));
        assert!(code.starts_with("2026-00000123-"), "{code}");
        assert!(tracking_code_is_valid(&code));
        let mut wrong = code.clone();
        wrong.replace_range(9..10, if &code[9..10] == "1" { "2" } else { "1" });
        assert!(!tracking_code_is_valid(&wrong), "{wrong}");
        assert!(!tracking_code_is_valid("2026-123"));
    }
}
