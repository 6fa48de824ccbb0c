//! Roll-up (汇总) of a subtree's annual reports for one year: the sum of every additive key,
//! the agencies whose report is missing, the 勾稽 rules checked on the sum, and a summary
//! report printed by an agency (全区/全市汇总) compared with the sum of the agencies below it.

use std::collections::BTreeMap;

use super::tree::{AgencyTree, NodeId};
use crate::audit;
use crate::finding::{Finding, Rule, Severity};
use crate::report::{Evidence, Figure, Format, Report};

/// Whether a key may be summed across agencies. Every figure of the national tables and
/// section 六 is a count or an amount of one agency's year, so sums are meaningful; so are the
/// legacy indicator counts. Only keys that are not figures of a year would be excluded.
pub fn is_additive(key: &str) -> bool {
    key.starts_with("t2.")
        || key.starts_with("t3.")
        || key.starts_with("t4.")
        || key.starts_with("fee.")
        || key.starts_with("s.")
}

/// One agency's report as the roll-up reads it.
#[derive(Debug, Clone, Copy)]
pub struct Filed<'a> {
    pub report: &'a Report,
    /// The report sums the agencies below (全区汇总) rather than the agency's own work:
    /// it is compared with them, never added to them.
    pub summary: bool,
}

/// The roll-up of one node for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Rollup {
    pub node: NodeId,
    pub year: i32,
    /// Σ of every additive key over the reports included (a key is present when at least one
    /// included report states it).
    pub values: BTreeMap<String, Figure>,
    /// Agencies whose own report was summed.
    pub included: Vec<NodeId>,
    /// Agencies of the subtree without a report for the year.
    pub missing: Vec<NodeId>,
    /// Findings on the sum (勾稽 rules) and on summary reports that differ from their parts.
    pub findings: Vec<Finding>,
}

impl Rollup {
    /// The sum as a report (for exports, charts and the auditor).
    pub fn as_report(&self, tree: &AgencyTree) -> Report {
        Report {
            agency: Some(format!("{}（汇总）", tree.agency(self.node).name)),
            year: Some(self.year),
            format: format_of_year(self.year),
            values: self.values.clone(),
            ..Report::default()
        }
    }
}

fn format_of_year(year: i32) -> Option<Format> {
    match year {
        2019 | 2020 => Some(Format::National2019),
        y if y >= 2021 => Some(Format::National2021),
        _ => None,
    }
}

/// Adds `b` into `a`: counts stay counts (checked: an overflow saturates and is reported by the
/// caller as impossible rather than wrapping), amounts are summed as decimals.
fn add(a: Figure, b: Figure) -> Figure {
    match (a, b) {
        (Figure::Count(x), Figure::Count(y)) => Figure::Count(x.saturating_add(y)),
        (x, y) => Figure::Amount(x.as_f64() + y.as_f64()),
    }
}

/// Σ of `reports` key by key (additive keys only).
pub fn sum<'a>(reports: impl IntoIterator<Item = &'a Report>) -> BTreeMap<String, Figure> {
    let mut values: BTreeMap<String, Figure> = BTreeMap::new();
    for r in reports {
        for (k, v) in &r.values {
            if is_additive(k) {
                values.entry(k.clone()).and_modify(|a| *a = add(*a, *v)).or_insert(*v);
            }
        }
    }
    values
}

/// A report's additive figures laid out by key (every key of the spec, in a fixed order), so
/// that a sum over thousands of reports is a run of vector additions. Keys outside the spec
/// (none of the reader's or the compiler's) are not carried.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    values: Vec<f64>,
    present: Vec<bool>,
    amount: Vec<bool>,
}

fn key_index() -> &'static (Vec<String>, std::collections::HashMap<String, usize>) {
    static INDEX: std::sync::OnceLock<(Vec<String>, std::collections::HashMap<String, usize>)> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let keys: Vec<String> = crate::keys::all_keys().into_iter().filter(|k| is_additive(k)).collect();
        let index = keys.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect();
        (keys, index)
    })
}

impl Dense {
    pub fn zero() -> Dense {
        let n = key_index().0.len();
        Dense { values: vec![0.0; n], present: vec![false; n], amount: vec![false; n] }
    }

    pub fn of(report: &Report) -> Dense {
        let mut d = Dense::zero();
        let index = &key_index().1;
        for (k, v) in &report.values {
            if let Some(&i) = index.get(k) {
                d.values[i] = v.as_f64();
                d.present[i] = true;
                d.amount[i] = matches!(v, Figure::Amount(_));
            }
        }
        d
    }

    pub fn add(&mut self, other: &Dense) {
        for i in 0..self.values.len() {
            if other.present[i] {
                self.values[i] += other.values[i];
                self.present[i] = true;
                self.amount[i] |= other.amount[i];
            }
        }
    }

    /// The figures present, as a report's values (counts stay counts).
    pub fn to_values(&self) -> BTreeMap<String, Figure> {
        let keys = &key_index().0;
        (0..self.values.len())
            .filter(|&i| self.present[i])
            .map(|i| {
                let v = self.values[i];
                let figure = if self.amount[i] { Figure::Amount(v) } else { Figure::Count(v.round() as i64) };
                (keys[i].clone(), figure)
            })
            .collect()
    }
}

/// Rolls up the subtree of `node` for `year`. `filed(id)` gives an agency's report of the year.
pub fn rollup<'a>(tree: &AgencyTree, node: NodeId, year: i32, filed: impl Fn(NodeId) -> Option<Filed<'a>>) -> Rollup {
    let range = tree.subtree(node);
    let reports: Vec<Option<Filed<'a>>> = range.clone().map(&filed).collect();
    let dense: Vec<Option<(Dense, bool)>> =
        reports.iter().map(|f| f.map(|f| (Dense::of(f.report), f.summary))).collect();
    rollup_prepared(
        tree,
        node,
        year,
        |id| dense[id - range.start].as_ref().map(|(d, s)| (d, *s)),
        |id| reports[id - range.start].map(|f| f.report),
    )
}

/// [`rollup`] over figures already laid out ([`Dense`], with the summary flag), e.g. kept in a
/// cache between requests; `report(id)` is read only for summary reports (their evidence).
pub fn rollup_prepared<'d, 'r>(
    tree: &AgencyTree,
    node: NodeId,
    year: i32,
    dense: impl Fn(NodeId) -> Option<(&'d Dense, bool)>,
    report: impl Fn(NodeId) -> Option<&'r Report>,
) -> Rollup {
    let mut included = Vec::new();
    let mut missing = Vec::new();
    let mut summaries = Vec::new();
    let mut total = Dense::zero();
    for id in tree.subtree(node) {
        match dense(id) {
            None => missing.push(id),
            Some((_, true)) => summaries.push(id),
            Some((d, false)) => {
                included.push(id);
                total.add(d);
            }
        }
    }
    let mut out = Rollup { node, year, values: total.to_values(), included, missing, findings: Vec::new() };
    out.findings = audit::audit(&out.as_report(tree))
        .into_iter()
        .map(|mut f| {
            f.message = format!("汇总数：{}", f.message);
            f
        })
        .collect();
    for id in summaries {
        let Some(summary) = report(id) else { continue };
        let mut below = Dense::zero();
        for d in tree.subtree(id).skip(1).filter_map(&dense).filter(|(_, s)| !s).map(|(d, _)| d) {
            below.add(d);
        }
        out.findings.extend(compare_summary(tree, id, summary, &below.to_values()));
    }
    out
}

/// A summary report's printed figures against Σ of the reports below it: one finding per
/// differing key, with both sides as evidence.
pub fn compare_summary(
    tree: &AgencyTree,
    id: NodeId,
    summary: &Report,
    below: &BTreeMap<String, Figure>,
) -> Vec<Finding> {
    let name = &tree.agency(id).name;
    let mut out = Vec::new();
    for (k, printed) in summary.values.iter().filter(|(k, _)| is_additive(k)) {
        let Some(summed) = below.get(k) else { continue };
        if audit::same(printed.as_f64(), summed.as_f64()) {
            continue;
        }
        let printed_at = summary.evidence.get(k).cloned().unwrap_or_default();
        let summed_at = Evidence { text: format!("下级报告合计{summed}"), ..Evidence::default() };
        out.push(
            Finding::new(
                Rule::RollupMismatch,
                Severity::Warning,
                vec![k.clone()],
                format!("{name}汇总报告中“{}”为{printed}，下级机构报告合计为{summed}", crate::keys::label(k)),
            )
            .with_evidence(vec![printed_at, summed_at]),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tree::{Agency, AgencyCode, AgencyKind, Level};
    use super::*;

    fn tree() -> AgencyTree {
        let a = |code: &str, parent: Option<&str>| Agency {
            code: AgencyCode::parse(code).unwrap(),
            name: format!("{code}机构"),
            short_names: Vec::new(),
            level: Some(Level::County),
            kind: AgencyKind::Department,
            parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
        };
        AgencyTree::build(vec![a("root", None), a("a", Some("root")), a("b", Some("root")), a("a1", Some("a"))])
            .unwrap()
    }

    fn report(values: &[(&str, Figure)]) -> Report {
        Report {
            year: Some(2023),
            values: values.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            ..Report::default()
        }
    }

    #[test]
    fn sums_name_the_missing_and_compare_a_summary_with_its_parts() {
        let t = tree();
        let id = |c: &str| t.id(&AgencyCode::parse(c).unwrap()).unwrap();
        let ra = report(&[("t4.review.total", Figure::Count(9)), ("fee.amount_yuan", Figure::Count(5))]);
        let ra1 = report(&[("t4.review.total", Figure::Count(2)), ("t2.fees.amount_wan", Figure::Amount(1.5))]);
        let rb = report(&[("t4.review.total", Figure::Count(1)), ("t2.fees.amount_wan", Figure::Amount(0.25))]);
        let by_id = |i: NodeId| -> Option<Filed> {
            if i == id("a") {
                Some(Filed { report: &ra, summary: true })
            } else if i == id("a1") {
                Some(Filed { report: &ra1, summary: false })
            } else if i == id("b") {
                Some(Filed { report: &rb, summary: false })
            } else {
                None
            }
        };
        let r = rollup(&t, id("root"), 2023, by_id);
        assert_eq!(r.values["t4.review.total"], Figure::Count(3));
        assert_eq!(r.values["t2.fees.amount_wan"], Figure::Amount(1.75));
        assert!(!r.values.contains_key("fee.amount_yuan"), "a summary report is never added");
        assert_eq!(r.missing, vec![id("root")]);
        assert_eq!(r.included, vec![id("a1"), id("b")]);
        let mismatch: Vec<_> = r.findings.iter().filter(|f| f.rule == Rule::RollupMismatch).collect();
        assert_eq!(mismatch.len(), 1, "{:#?}", r.findings);
        assert!(mismatch[0].message.contains("a机构汇总报告中") && mismatch[0].message.contains("为9"));
        assert_eq!(mismatch[0].evidence.len(), 2);
    }

    #[test]
    fn broken_rules_on_the_sum_are_reported_as_such() {
        let t = tree();
        let bad = report(&[
            ("t4.review.upheld", Figure::Count(1)),
            ("t4.review.corrected", Figure::Count(0)),
            ("t4.review.other", Figure::Count(0)),
            ("t4.review.pending", Figure::Count(0)),
            ("t4.review.total", Figure::Count(5)),
        ]);
        let r = rollup(&t, 0, 2023, |i| (i == 1).then_some(Filed { report: &bad, summary: false }));
        assert!(r.findings.iter().any(|f| f.rule == Rule::T4Total && f.message.starts_with("汇总数：")));
    }
}
