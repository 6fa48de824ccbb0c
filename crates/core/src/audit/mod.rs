//! The auditor: checks a report's 勾稽关系 and text/table agreement, alone or across years.
//!
//! Rules are chosen by the keys a report carries (and its format where the formats differ),
//! so a report whose format was not recognised is still checked. Every finding names the
//! keys involved, copies their evidence, and says whether the printed figures disagree
//! ([`Origin::Source`]) or the disagreement may come from our reading ([`Origin::Reading`]).

mod legacy;
mod national;
mod series;
mod sums;
mod text;
mod values;

#[cfg(test)]
mod testutil;

use std::collections::BTreeSet;

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::report::{Evidence, Figure, Report};

/// Checks one report and returns what it found (the report's own `findings` are not read).
pub fn audit(report: &Report) -> Vec<Finding> {
    let ctx = Ctx::new(report);
    let mut out = Vec::new();
    values::check(&ctx, &mut out);
    national::check(&ctx, &mut out);
    legacy::check(&ctx, &mut out);
    text::check(&ctx, &mut out);
    out
}

/// Checks reports of the same agency over several years (carry-over, table 二 balance).
/// Returns, for each report given, the cross-year findings that concern it.
pub fn audit_series(reports: &[&Report]) -> Vec<Vec<Finding>> {
    series::check(reports)
}

/// A report under audit, with the set of keys the reader marked uncertain.
pub(crate) struct Ctx<'a> {
    pub r: &'a Report,
    uncertain: BTreeSet<&'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(r: &'a Report) -> Self {
        let uncertain = r.observations.uncertain.iter().flat_map(|u| u.keys.iter().map(String::as_str)).collect();
        Ctx { r, uncertain }
    }

    pub fn get(&self, key: &str) -> Option<Figure> {
        self.r.get(key)
    }

    pub fn num(&self, key: &str) -> Option<f64> {
        self.r.num(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.r.values.contains_key(key)
    }

    /// The value was recovered from run-together cells or marked uncertain by the reader.
    pub fn doubtful(&self, key: &str) -> bool {
        self.uncertain.contains(key) || self.r.evidence.get(key).is_some_and(|e| e.recovered)
    }

    /// The evidence of the given keys that have some, in the order given.
    pub fn evidence(&self, keys: &[String]) -> Vec<Evidence> {
        keys.iter().filter_map(|k| self.r.evidence.get(k)).filter(|e| **e != Evidence::default()).cloned().collect()
    }

    /// A finding on `keys`: their evidence is attached, and when any of them is doubtful the
    /// finding is a reading problem and at most a warning.
    pub fn finding(&self, rule: Rule, severity: Severity, keys: Vec<String>, message: String) -> Finding {
        let reading = keys.iter().any(|k| self.doubtful(k));
        let evidence = self.evidence(&keys);
        let mut f = Finding::new(rule, severity, keys, message).with_evidence(evidence);
        if reading {
            f.origin = Origin::Reading;
            f.severity = Severity::Warning;
            f.message.push_str("（涉及的数字系从粘连或存疑的单元格中识别，请先核对原文）");
        }
        f
    }
}

/// Prints a number as written: integers without decimals, amounts without float noise.
pub(crate) fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 { format!("{}", x as i64) } else { Figure::Amount(x).to_string() }
}

/// Two figures are the same number (counts exactly, amounts up to float noise).
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// The unit a key is counted in, for messages ("" when unknown).
pub(crate) fn unit_of(key: &str) -> &'static str {
    if key.ends_with("_wan") {
        return "万元";
    }
    if key.ends_with("_yuan") {
        return "元";
    }
    if key.starts_with("t3.") || key.starts_with("t4.") || key.starts_with("t2.") || key == "fee.cases" {
        return "件";
    }
    let prefix = |p: &str| key.starts_with(p);
    if prefix("s.proactive.normative_issued") {
        "件"
    } else if prefix("s.proactive.") || prefix("s.channel.") {
        "条"
    } else if prefix("s.response.interpretations") {
        "篇"
    } else if prefix("s.response.") || prefix("s.meetings") || prefix("s.trainings") {
        "次"
    } else if prefix("s.trainees") {
        "人次"
    } else if prefix("s.org.staff") {
        "人"
    } else if prefix("s.org.units") || prefix("s.org.reading_points") {
        "个"
    } else if prefix("s.requests.")
        || prefix("s.replies.")
        || prefix("s.review.")
        || prefix("s.suit.")
        || prefix("s.complaints")
        || prefix("s.consult.")
    {
        "件"
    } else {
        ""
    }
}

/// A number followed by the key's unit, e.g. "859件".
pub(crate) fn with_unit(key: &str, x: f64) -> String {
    format!("{}{}", fmt_num(x), unit_of(key))
}
