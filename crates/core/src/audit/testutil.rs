//! Test helpers: table-driven cases of (description, values, expected findings).

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::report::{Evidence, Figure, Format, Report, Uncertain};

/// A figure from a test number: whole numbers are counts.
pub fn fig(x: f64) -> Figure {
    if x.fract() == 0.0 { Figure::Count(x as i64) } else { Figure::Amount(x) }
}

/// A report with the given values, each with evidence at a distinct line.
pub fn report(format: Option<Format>, values: &[(&str, f64)]) -> Report {
    let mut r = Report { format, year: Some(2020), ..Default::default() };
    for (i, (k, v)) in values.iter().enumerate() {
        r.set(*k, fig(*v), Evidence::at_line(i + 1, format!("{k} {v}")));
    }
    r
}

/// What a case expects of one rule.
enum Expect {
    /// A finding of this rule and severity with exactly these keys (any order).
    Exact(Rule, Severity, Vec<String>),
    /// A finding of this rule and severity whose keys include these.
    Has(Rule, Severity, Vec<String>),
    /// No finding of this rule.
    None(Rule),
    /// Exactly n findings of this rule.
    Count(Rule, usize),
    /// Every finding of this rule has this origin.
    Origin(Rule, Origin),
    /// No error finding at all.
    NoError,
}

pub struct Case {
    desc: &'static str,
    pub report: Report,
    expect: Vec<Expect>,
}

impl Case {
    pub fn new(desc: &'static str, values: &[(&str, f64)]) -> Self {
        Case { desc, report: report(None, values), expect: Vec::new() }
    }
    pub fn format(mut self, f: Format) -> Self {
        self.report.format = Some(f);
        self
    }
    /// Marks a value as recovered from run-together cells.
    pub fn recovered(mut self, key: &str) -> Self {
        self.report.evidence.entry(key.to_string()).or_default().recovered = true;
        self
    }
    /// Marks keys as uncertain readings.
    pub fn uncertain(mut self, keys: &[&str], reason: &str) -> Self {
        self.report.observations.uncertain.push(Uncertain {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            reason: reason.to_string(),
            evidence: Evidence::at_line(99, "存疑"),
        });
        self
    }
    /// Changes the report in any other way (observations).
    pub fn with(mut self, f: impl FnOnce(&mut Report)) -> Self {
        f(&mut self.report);
        self
    }
    pub fn expect(mut self, rule: Rule, severity: Severity, keys: &[&str]) -> Self {
        self.expect.push(Expect::Exact(rule, severity, keys.iter().map(|k| k.to_string()).collect()));
        self
    }
    pub fn has(mut self, rule: Rule, severity: Severity, keys: &[&str]) -> Self {
        self.expect.push(Expect::Has(rule, severity, keys.iter().map(|k| k.to_string()).collect()));
        self
    }
    pub fn none(mut self, rule: Rule) -> Self {
        self.expect.push(Expect::None(rule));
        self
    }
    pub fn count(mut self, rule: Rule, n: usize) -> Self {
        self.expect.push(Expect::Count(rule, n));
        self
    }
    pub fn origin(mut self, rule: Rule, origin: Origin) -> Self {
        self.expect.push(Expect::Origin(rule, origin));
        self
    }
    pub fn no_error(mut self) -> Self {
        self.expect.push(Expect::NoError);
        self
    }

    /// Checks the expectations against `found`; returns the first failure.
    pub fn verify(&self, found: &[Finding]) -> Result<(), String> {
        let sorted = |ks: &[String]| {
            let mut v = ks.to_vec();
            v.sort();
            v
        };
        for e in &self.expect {
            let ok = match e {
                Expect::Exact(rule, sev, keys) => {
                    found.iter().any(|f| f.rule == *rule && f.severity == *sev && sorted(&f.keys) == sorted(keys))
                }
                Expect::Has(rule, sev, keys) => found
                    .iter()
                    .any(|f| f.rule == *rule && f.severity == *sev && keys.iter().all(|k| f.keys.contains(k))),
                Expect::None(rule) => !found.iter().any(|f| f.rule == *rule),
                Expect::Count(rule, n) => found.iter().filter(|f| f.rule == *rule).count() == *n,
                Expect::Origin(rule, origin) => {
                    found.iter().any(|f| f.rule == *rule)
                        && found.iter().filter(|f| f.rule == *rule).all(|f| f.origin == *origin)
                }
                Expect::NoError => !found.iter().any(|f| f.severity == Severity::Error),
            };
            if !ok {
                return Err(format!(
                    "case “{}”: expectation {} failed; findings:\n{}",
                    self.desc,
                    describe(e),
                    dump(found)
                ));
            }
        }
        Ok(())
    }
}

fn describe(e: &Expect) -> String {
    match e {
        Expect::Exact(r, s, k) => format!("{r:?}/{s:?} with keys {k:?}"),
        Expect::Has(r, s, k) => format!("{r:?}/{s:?} including keys {k:?}"),
        Expect::None(r) => format!("no {r:?}"),
        Expect::Count(r, n) => format!("{n} × {r:?}"),
        Expect::Origin(r, o) => format!("{r:?} with origin {o:?}"),
        Expect::NoError => "no error".to_string(),
    }
}

pub fn dump(found: &[Finding]) -> String {
    found
        .iter()
        .map(|f| format!("  {:?} {:?} {:?} {:?} {}", f.rule, f.severity, f.origin, f.keys, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Audits every case and fails with all broken cases listed.
pub fn run_cases(cases: &[Case]) {
    let failures: Vec<String> = cases.iter().filter_map(|c| c.verify(&super::audit(&c.report)).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
