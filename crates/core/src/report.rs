//! The annual report as data: the `gongkai-report/1` JSON form of `spec/report-schema.md`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::finding::Finding;

/// The schema tag every report object carries.
pub const SCHEMA: &str = "gongkai-report/1";

/// Which statutory layout a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// 国办公开办函〔2021〕30号 layout (statistics years 2021 and later).
    #[serde(rename = "national_2021")]
    National2021,
    /// 国办公开办函〔2019〕60号 trial layout (statistics years 2019 and 2020).
    #[serde(rename = "national_2019")]
    National2019,
    /// Pre-2019 report with the statistical indicator table (政府信息公开情况统计表).
    LegacyStats,
    /// Pre-2019 report with figures only in the narrative.
    LegacyText,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::National2021 => "national_2021",
            Format::National2019 => "national_2019",
            Format::LegacyStats => "legacy_stats",
            Format::LegacyText => "legacy_text",
        }
    }
    pub fn is_national(self) -> bool {
        matches!(self, Format::National2021 | Format::National2019)
    }
    /// The Chinese name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Format::National2021 => "2021年版全国格式",
            Format::National2019 => "2019年版全国格式（试行）",
            Format::LegacyStats => "2019年前格式（附统计表）",
            Format::LegacyText => "2019年前格式（仅正文）",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One figure of a report: a count (件, 条, 次 …) or an amount (万元, 元, %).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Count(i64),
    Amount(f64),
}

impl Figure {
    pub fn as_f64(self) -> f64 {
        match self {
            Figure::Count(n) => n as f64,
            Figure::Amount(x) => x,
        }
    }
    /// The count, when the figure is a whole number.
    pub fn as_count(self) -> Option<i64> {
        match self {
            Figure::Count(n) => Some(n),
            Figure::Amount(x) if x.fract() == 0.0 && x.abs() < 9e15 => Some(x as i64),
            Figure::Amount(_) => None,
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Count(n) => write!(f, "{n}"),
            Figure::Amount(x) => {
                // Print as written: no trailing zeros, no float noise.
                let s = format!("{x:.6}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                f.write_str(s)
            }
        }
    }
}

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Figure::Count(n) => s.serialize_i64(n),
            Figure::Amount(x) => s.serialize_f64(x),
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        if let Some(i) = n.as_i64() {
            Ok(Figure::Count(i))
        } else if let Some(x) = n.as_f64() {
            Ok(Figure::Amount(x))
        } else {
            Err(serde::de::Error::custom("figure out of range"))
        }
    }
}

/// Where a figure or a finding comes from in the source document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// 1-based line of the document as read (text lines; table rows of HTML/DOCX count as lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Which table (0-based, in document order) when the figure sits in a table cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    /// Row and column in that table (0-based) when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<usize>,
    /// The original text (before normalisation), shortened.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The value was recovered from run-together cells by the table's sum rules.
    #[serde(default, skip_serializing_if = "is_false")]
    pub recovered: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Evidence {
    pub fn at_line(line: usize, text: impl Into<String>) -> Self {
        Evidence { line: Some(line), text: shorten(&text.into(), 80), ..Default::default() }
    }
    /// "第12行" / "第12行（表2第3行第4列）" for messages.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        if let Some(l) = self.line {
            s.push_str(&format!("第{l}行"));
        }
        if let Some(t) = self.table {
            let mut cell = format!("表格{}", t + 1);
            if let Some(r) = self.row {
                cell.push_str(&format!("第{}行", r + 1));
            }
            if let Some(c) = self.col {
                cell.push_str(&format!("第{}列", c + 1));
            }
            if s.is_empty() {
                s = cell;
            } else {
                s.push_str(&format!("（{cell}）"));
            }
        }
        if self.recovered {
            s.push_str("，由表内勾稽关系拆分粘连数字得出");
        }
        s
    }
}

/// Shortens `s` to at most `max` characters, marking the cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// A figure stated in the narrative (正文), kept apart from the table value of the same key
/// so the auditor can compare them (rule `text_table_mismatch`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub key: String,
    pub value: Figure,
    pub evidence: Evidence,
}

/// A percentage stated in the text with the counts it was computed from (`percent_mismatch`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PercentClaim {
    /// What is measured, as the text says it (e.g. 业务动态类信息).
    pub label: String,
    pub part: f64,
    pub whole: f64,
    /// The percentage as printed (72 for "72%").
    pub stated: f64,
    pub evidence: Evidence,
}

/// Listed categories and the total they should add up to (`category_sum`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryList {
    /// The key of the total when it is a report figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_key: Option<String>,
    pub label: String,
    pub total: f64,
    pub parts: Vec<(String, f64)>,
    pub evidence: Evidence,
}

/// The same row label seen more than once in one table (`duplicate_label`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateLabel {
    pub label: String,
    /// The key the label maps to, when it maps to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Table name as printed (e.g. 附表2), if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub table: String,
    /// Item numbers or positions of each occurrence (e.g. "第1项", "第3项").
    pub positions: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// The statistics period stated in the text (统计期限) against the title year (`year_mismatch`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodStatement {
    pub period_year: i32,
    pub title_year: i32,
    pub evidence: Evidence,
}

/// Cells the reader saw but could not place with certainty (reported as reading findings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertain {
    /// The keys concerned.
    pub keys: Vec<String>,
    /// Why, in Chinese (e.g. "粘连数字“1260025”有多种拆分方式").
    pub reason: String,
    pub evidence: Evidence,
}

/// What the reader observed beyond the values: the material for the text rules of the audit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Observations {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub percents: Vec<PercentClaim>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<CategoryList>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicate_labels: Vec<DuplicateLabel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<PeriodStatement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<Uncertain>,
}

/// The words a reader puts in an [`Uncertain`] reason when it saw a table's header but read
/// none of its figures.
pub const TABLE_NOT_READ: &str = "未能读取表中的数字";

impl Observations {
    pub fn is_empty(&self) -> bool {
        self == &Observations::default()
    }

    /// How many tables the reader saw but could not read (see [`TABLE_NOT_READ`]).
    pub fn tables_not_read(&self) -> usize {
        self.uncertain.iter().filter(|u| u.keys.is_empty() && u.reason.contains(TABLE_NOT_READ)).count()
    }
}

/// One annual report as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// Where the report was read from (the path as given), when read from a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub agency: Option<String>,
    /// The statistics year (统计期限), not the publication year.
    pub year: Option<i32>,
    pub format: Option<Format>,
    pub values: BTreeMap<String, Figure>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Where each value was read (key → evidence). Absent for compiled reports.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<String, Evidence>,
    #[serde(default, skip_serializing_if = "Observations::is_empty")]
    pub observations: Observations,
}

impl Default for Report {
    fn default() -> Self {
        Report {
            schema: SCHEMA.to_string(),
            source: None,
            agency: None,
            year: None,
            format: None,
            values: BTreeMap::new(),
            findings: Vec::new(),
            evidence: BTreeMap::new(),
            observations: Observations::default(),
        }
    }
}

impl Report {
    pub fn get(&self, key: &str) -> Option<Figure> {
        self.values.get(key).copied()
    }
    /// The value as a number, for sums.
    pub fn num(&self, key: &str) -> Option<f64> {
        self.get(key).map(Figure::as_f64)
    }
    /// Sets a value with its evidence; the first reading of a key wins.
    pub fn set(&mut self, key: impl Into<String>, value: Figure, evidence: Evidence) -> bool {
        let key = key.into();
        if self.values.contains_key(&key) {
            return false;
        }
        self.evidence.insert(key.clone(), evidence);
        self.values.insert(key, value);
        true
    }
    /// The evidence recorded for a key, if any.
    pub fn evidence_of(&self, key: &str) -> Option<&Evidence> {
        self.evidence.get(key)
    }
    /// Parses a report from its JSON form, checking the schema tag.
    pub fn from_json(text: &str) -> Result<Report, crate::Error> {
        let report: Report = serde_json::from_str(text).map_err(|e| crate::Error::Json(e.to_string()))?;
        if report.schema != SCHEMA {
            return Err(crate::Error::Schema(report.schema));
        }
        Ok(report)
    }
    /// The JSON form on one line (JSON Lines).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("report serialises: all map keys are strings")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_spec_example() {
        let text = r#"{
          "schema": "gongkai-report/1", "agency": "衡阳市国资委", "year": 2016,
          "format": "legacy_stats",
          "values": { "s.proactive.total": 258, "s.fees_wan": 0.5 },
          "findings": [
            { "rule": "text_table_mismatch", "severity": "warning",
              "keys": ["s.channel.website"], "message": "正文称政府网站公开信息253条，附表为258条" }
          ]
        }"#;
        let r = Report::from_json(text).unwrap();
        assert_eq!(r.format, Some(Format::LegacyStats));
        assert_eq!(r.get("s.proactive.total"), Some(Figure::Count(258)));
        assert_eq!(r.get("s.fees_wan"), Some(Figure::Amount(0.5)));
        let again = Report::from_json(&r.to_json_line()).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn formats_serialise_as_the_spec_names_them() {
        for f in [Format::National2021, Format::National2019, Format::LegacyStats, Format::LegacyText] {
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        }
    }

    #[test]
    fn rejects_another_schema() {
        let err = Report::from_json(r#"{"schema":"x/2","agency":null,"year":null,"format":null,"values":{}}"#);
        assert!(matches!(err, Err(crate::Error::Schema(_))));
    }

    #[test]
    fn amounts_print_as_written() {
        assert_eq!(Figure::Amount(9116.36).to_string(), "9116.36");
        assert_eq!(Figure::Amount(8.0).to_string(), "8");
    }
}
