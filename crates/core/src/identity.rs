//! Proof of identity (身份证明, Art. 29 (一)) on an application: the document types of the
//! standard application form and the check of each number (check characters of GB 11643 and
//! GB 32100, the patterns of the other documents).

use jiff::civil::Date;

/// 证件类型: the kind of document whose number the applicant gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IdType {
    /// 居民身份证 (GB 11643, 18 characters with a check character).
    #[default]
    ResidentId,
    /// 护照.
    Passport,
    /// 港澳居民来往内地通行证.
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证.
    TaiwanPermit,
    /// 外国人永久居留身份证.
    ForeignPermanentResident,
    /// 统一社会信用代码 of a legal person or other organisation (GB 32100).
    CreditCode,
    /// 其他有效身份证明 (recorded as given).
    Other,
}

impl IdType {
    pub const ALL: [IdType; 7] = [
        IdType::ResidentId,
        IdType::Passport,
        IdType::HkMacaoPermit,
        IdType::TaiwanPermit,
        IdType::ForeignPermanentResident,
        IdType::CreditCode,
        IdType::Other,
    ];

    /// The stable code (API, database).
    pub fn code(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::Passport => "passport",
            IdType::HkMacaoPermit => "hk_macao_permit",
            IdType::TaiwanPermit => "taiwan_permit",
            IdType::ForeignPermanentResident => "foreign_permanent_resident",
            IdType::CreditCode => "credit_code",
            IdType::Other => "other",
        }
    }

    /// The name printed on forms and letters.
    pub fn label(self) -> &'static str {
        match self {
            IdType::ResidentId => "居民身份证",
            IdType::Passport => "护照",
            IdType::HkMacaoPermit => "港澳居民来往内地通行证",
            IdType::TaiwanPermit => "台湾居民来往大陆通行证",
            IdType::ForeignPermanentResident => "外国人永久居留身份证",
            IdType::CreditCode => "统一社会信用代码",
            IdType::Other => "其他有效身份证明",
        }
    }

    pub fn parse(code: &str) -> Option<IdType> {
        IdType::ALL.into_iter().find(|t| t.code() == code.trim() || t.label() == code.trim())
    }

    /// The type of a number given without one (records and API clients from before types were
    /// asked): a person's number shaped like a resident ID is one (and is checked as one); an
    /// organisation's valid credit code is one; anything else is "other".
    pub fn infer(number: &str, organisation: bool) -> IdType {
        let n = number.trim().as_bytes();
        let resident_shape = n.len() == 18
            && n[..17].iter().all(u8::is_ascii_digit)
            && (n[17].is_ascii_digit() || n[17] == b'X' || n[17] == b'x');
        if !organisation && resident_shape {
            IdType::ResidentId
        } else if organisation && credit_code_valid(number.trim()) {
            IdType::CreditCode
        } else {
            IdType::Other
        }
    }

    /// Whether `number` is a number of this type; the reason in Chinese when not. `today`
    /// bounds a resident ID's birth date.
    pub fn check(self, number: &str, today: Date) -> Result<(), String> {
        // Letters are compared in capitals: "e12345678" typed on a phone is the passport E12345678.
        let upper = number.trim().to_ascii_uppercase();
        let n = upper.as_str();
        let alnum = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let ok = match self {
            IdType::ResidentId => {
                if !resident_id_valid(n) {
                    return Err(format!("“{n}”不是有效的居民身份证号码（应为18位，校验位须正确）"));
                }
                let born = resident_id_born(n).expect("valid");
                if born < Date::constant(1900, 1, 1) || born > today {
                    return Err(format!("“{n}”中的出生日期{born}不可能"));
                }
                true
            }
            IdType::Passport => (5..=17).contains(&n.len()) && alnum(n),
            // H or M, then 8 digits (cards since 2012; 10 digits on older booklets).
            IdType::HkMacaoPermit => {
                matches!(n.as_bytes().first(), Some(b'H' | b'M')) && matches!(n.len(), 9 | 11) && digits(&n[1..])
            }
            // 8 digits (cards since 2015), or 10 digits / 8 digits and a letter on older ones.
            IdType::TaiwanPermit => {
                (n.len() == 8 || n.len() == 10) && digits(n)
                    || n.len() == 9 && digits(&n[..8]) && n.as_bytes()[8].is_ascii_uppercase()
            }
            // 3 letters and 12 digits (2004 card), or 18 characters beginning with 9 and checked
            // as a resident ID (2023 card).
            IdType::ForeignPermanentResident => {
                n.len() == 15 && n[..3].bytes().all(|b| b.is_ascii_uppercase()) && digits(&n[3..])
                    || n.starts_with('9') && resident_id_valid(n)
            }
            IdType::CreditCode => {
                if !credit_code_valid(n) {
                    return Err(format!("“{n}”不是有效的统一社会信用代码（应为18位，校验位须正确）"));
                }
                true
            }
            IdType::Other => !n.is_empty() && n.chars().count() <= 40,
        };
        if ok { Ok(()) } else { Err(format!("“{n}”不是有效的{}号码", self.label())) }
    }
}

/// The proof of identity of an applicant: `number` is a number of `id_type`, and the type fits
/// the applicant (a person does not give a credit code, an organisation not a resident ID or a
/// passport). The reason in Chinese when not.
pub fn check_applicant(id_type: IdType, number: &str, organisation: bool, today: Date) -> Result<(), String> {
    id_type.check(number, today)?;
    if organisation && matches!(id_type, IdType::ResidentId | IdType::Passport) {
        return Err("法人或其他组织应填写统一社会信用代码或其他有效证明".into());
    }
    if !organisation && id_type == IdType::CreditCode {
        return Err("统一社会信用代码只用于法人或其他组织".into());
    }
    Ok(())
}

/// A resident ID number (GB 11643): 17 digits, the check character, and a birth date that
/// exists (1900–2100; [`IdType::check`] also bounds it by today).
pub fn resident_id_valid(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    b[17].to_ascii_uppercase() == b"10X98765432"[(sum % 11) as usize]
        && resident_id_born(id).is_some_and(|d| (1900..=2100).contains(&d.year()))
}

/// The birth date in a resident ID number (characters 7–14), if it is a date.
pub fn resident_id_born(id: &str) -> Option<Date> {
    let num = |r: std::ops::Range<usize>| id.get(r)?.parse::<i16>().ok();
    Date::new(num(6..10)?, num(10..12)? as i8, num(12..14)? as i8).ok()
}

/// A 统一社会信用代码 (GB 32100-2015): 18 characters of the code's alphabet (digits and capital
/// letters without I, O, S, V, Z), the last a check character of the first 17.
pub fn credit_code_valid(code: &str) -> bool {
    code.len() == 18
        && code.is_char_boundary(17)
        && credit_code_check(&code[..17]).is_some_and(|c| code[17..].chars().eq(std::iter::once(c)))
}

/// The check character of the first 17 characters of a 统一社会信用代码, if they are of the
/// code's alphabet.
pub fn credit_code_check(first17: &str) -> Option<char> {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in b.iter().zip(WEIGHTS) {
        sum += ALPHABET.iter().position(|a| a == c)? * w;
    }
    Some(char::from(ALPHABET[(31 - sum % 31) % 31]))
}

/// An e-mail address as forms take it: one `@`, a dotted domain, no spaces, at most 100
/// characters.
pub fn email_valid(email: &str) -> bool {
    let e = email.trim();
    let Some((local, domain)) = e.split_once('@') else { return false };
    e.len() <= 100
        && !local.is_empty()
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_checked_by_their_type() {
        let today = Date::constant(2026, 12, 5);
        // (type, number, accepted)
        let cases: &[(IdType, &str, bool)] = &[
            (IdType::ResidentId, "11010519491231002X", true),
            (IdType::ResidentId, "11010519491231002x", true),
            (IdType::ResidentId, "110105194912310021", false), // check character
            (IdType::ResidentId, "110105194902300029", false), // 1949-02-30
            (IdType::ResidentId, "123456", false),
            (IdType::Passport, "E12345678", true),
            (IdType::Passport, "e1234", true),
            (IdType::Passport, "E1", false),
            (IdType::Passport, "护照123", false),
            (IdType::HkMacaoPermit, "H12345678", true),
            (IdType::HkMacaoPermit, "M1234567890", true),
            (IdType::HkMacaoPermit, "X12345678", false),
            (IdType::TaiwanPermit, "12345678", true),
            (IdType::TaiwanPermit, "1234567", false),
            (IdType::ForeignPermanentResident, "USA110087654321", true),
            (IdType::ForeignPermanentResident, "US1100876543", false),
            (IdType::CreditCode, "91350100M000100Y43", true),
            (IdType::CreditCode, "91350100M000100Y44", false),
            (IdType::CreditCode, "91110000MA01234567", false),
            (IdType::Other, "军官证第001号", true),
            (IdType::Other, "", false),
        ];
        for (t, number, ok) in cases {
            assert_eq!(t.check(number, today).is_ok(), *ok, "{t:?} {number}: {:?}", t.check(number, today));
        }
        // A birth date after today.
        assert!(IdType::ResidentId.check("110105202701010018", today).is_err());
    }

    #[test]
    fn a_number_without_a_type_gets_one() {
        assert_eq!(IdType::infer("11010519491231002X", false), IdType::ResidentId);
        assert_eq!(IdType::infer("110105194912310021", false), IdType::ResidentId, "checked, and refused");
        assert_eq!(IdType::infer("91350100M000100Y43", true), IdType::CreditCode);
        assert_eq!(IdType::infer("91110000MA01234567", true), IdType::Other);
        assert_eq!(IdType::infer("E12345678", false), IdType::Other);
        for t in IdType::ALL {
            assert_eq!(IdType::parse(t.code()), Some(t));
            assert_eq!(IdType::parse(t.label()), Some(t));
        }
    }

    #[test]
    fn email_addresses() {
        for (e, ok) in [
            ("li@example.com", true),
            ("li.xiaolong+gk@mail.example.cn", true),
            ("li@example", false),
            ("li example@x.cn", false),
            ("@x.cn", false),
            ("li@@x.cn", false),
            ("li@x..cn", false),
        ] {
            assert_eq!(email_valid(e), ok, "{e}");
        }
    }
}
