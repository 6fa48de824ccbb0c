//! The 索引号 scheme of an agency: a pattern such as `{org}/{year}-{serial:5}` over the
//! organisation code (统一社会信用代码 or 组织机构代码), the year and a serial the store allocates.

use serde::{Deserialize, Serialize};

/// Why a scheme is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemeError {
    #[error("索引号规则必须包含流水号占位符 {{serial}}（可写作 {{serial:5}} 表示补零到5位）")]
    NoSerial,
    #[error("索引号规则中的占位符“{0}”无法识别（可用：{{org}}、{{year}}、{{serial}}、{{serial:N}}）")]
    UnknownPlaceholder(String),
    #[error("索引号规则中的括号不成对")]
    Unbalanced,
    #[error("机构代码“{0}”无效：只能由字母、数字和“-”组成（1至40个字符）")]
    OrgCode(String),
    #[error("流水号位数应在1至12之间")]
    Width,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Part {
    Literal(String),
    Org,
    Year,
    Serial { width: usize },
}

/// A parsed scheme. Serials restart each year when the pattern contains `{year}`, and run on
/// across years otherwise (see [`IndexScheme::serial_scope`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexScheme {
    org_code: String,
    pattern: String,
    parts: Vec<Part>,
}

impl IndexScheme {
    /// The scheme most portals use: `{org}/{year}-{serial:5}`.
    pub const DEFAULT_PATTERN: &'static str = "{org}/{year}-{serial:5}";

    pub fn new(org_code: &str, pattern: &str) -> Result<IndexScheme, SchemeError> {
        let org = org_code.trim();
        if org.is_empty() || org.len() > 40 || !org.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(SchemeError::OrgCode(org.to_string()));
        }
        let mut parts = Vec::new();
        let mut rest = pattern.trim();
        while !rest.is_empty() {
            match (rest.find('{'), rest.find('}')) {
                (None, None) => {
                    parts.push(Part::Literal(rest.to_string()));
                    rest = "";
                }
                (Some(open), Some(close)) if open < close => {
                    if open > 0 {
                        parts.push(Part::Literal(rest[..open].to_string()));
                    }
                    let name = &rest[open + 1..close];
                    parts.push(match name {
                        "org" => Part::Org,
                        "year" => Part::Year,
                        "serial" => Part::Serial { width: 1 },
                        s if s.starts_with("serial:") => {
                            let width: usize = s[7..].parse().map_err(|_| SchemeError::Width)?;
                            if !(1..=12).contains(&width) {
                                return Err(SchemeError::Width);
                            }
                            Part::Serial { width }
                        }
                        other => return Err(SchemeError::UnknownPlaceholder(other.to_string())),
                    });
                    rest = &rest[close + 1..];
                }
                _ => return Err(SchemeError::Unbalanced),
            }
        }
        if !parts.iter().any(|p| matches!(p, Part::Serial { .. })) {
            return Err(SchemeError::NoSerial);
        }
        Ok(IndexScheme { org_code: org.to_string(), pattern: pattern.trim().to_string(), parts })
    }

    pub fn org_code(&self) -> &str {
        &self.org_code
    }

    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The year whose serial counter a number of `year` draws from: `year` itself when the
    /// pattern shows the year, 0 (one counter for all years) otherwise.
    pub fn serial_scope(&self, year: i16) -> i16 {
        if self.parts.contains(&Part::Year) { year } else { 0 }
    }

    /// The 索引号 of serial `serial` in `year`.
    pub fn render(&self, year: i16, serial: u64) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Literal(s) => out.push_str(s),
                Part::Org => out.push_str(&self.org_code),
                Part::Year => out.push_str(&format!("{year:04}")),
                Part::Serial { width } => out.push_str(&format!("{serial:0width$}")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_render_and_scope_serials() {
        let s = IndexScheme::new("11370100004209014D", IndexScheme::DEFAULT_PATTERN).unwrap();
        assert_eq!(s.render(2024, 123), "11370100004209014D/2024-00123");
        assert_eq!(s.serial_scope(2024), 2024);
        let running = IndexScheme::new("MB1234567", "{org}-{serial:8}").unwrap();
        assert_eq!(running.render(2024, 5), "MB1234567-00000005");
        assert_eq!(running.serial_scope(2024), 0);
        assert_eq!(IndexScheme::new("X1", "{org}/{year}-{serial}").unwrap().render(2020, 100_000), "X1/2020-100000");
    }

    #[test]
    fn bad_schemes_are_refused() {
        let cases = [
            ("X1", "{org}/{year}", SchemeError::NoSerial),
            ("X1", "{org}/{month}-{serial}", SchemeError::UnknownPlaceholder("month".into())),
            ("X1", "{org}/{serial", SchemeError::Unbalanced),
            ("X1", "{serial:0}", SchemeError::Width),
            ("示例", "{serial}", SchemeError::OrgCode("示例".into())),
        ];
        for (org, pattern, want) in cases {
            assert_eq!(IndexScheme::new(org, pattern).unwrap_err(), want, "{pattern}");
        }
    }
}
