//! Tests of the series rules: tables of cases, worked examples.

use super::super::testutil::{dump, report};
use crate::audit::audit_series;
use crate::finding::{Finding, Origin, Rule, Severity};
use crate::report::{Format, Report};

fn year(y: i32, format: Format, values: &[(&str, f64)]) -> Report {
    let mut r = report(Some(format), values);
    r.year = Some(y);
    r.agency = Some("某区政府办公室".into());
    r
}

/// (description, reports, for each report the expected (rule, severity, keys) findings).
type SeriesCase = (&'static str, Vec<Report>, Vec<Vec<(Rule, Severity, Vec<&'static str>)>>);

fn check(cases: Vec<SeriesCase>) {
    let mut failures = Vec::new();
    for (desc, reports, expected) in cases {
        let refs: Vec<&Report> = reports.iter().collect();
        let found = audit_series(&refs);
        assert_eq!(found.len(), reports.len());
        for (i, (got, want)) in found.iter().zip(&expected).enumerate() {
            let matches = got.len() == want.len()
                && want.iter().all(|(rule, sev, keys)| {
                    got.iter().any(|f: &Finding| {
                        f.rule == *rule
                            && f.severity == *sev
                            && f.keys.iter().map(String::as_str).eq(keys.iter().copied())
                    })
                });
            if !matches {
                failures.push(format!("{desc}: report {i}: want {want:?}, got\n{}", dump(got)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cross_year_rules() {
    use Format::*;
    let carry = |y, out: f64, cin: f64, f| year(y, f, &[("t3.carried_out.total", out), ("t3.carried_in.total", cin)]);
    check(vec![
        (
            "carry-over holds across the 2020 → 2021 format change",
            vec![carry(2020, 72.0, 18.0, National2019), carry(2021, 5.0, 72.0, National2021)],
            vec![vec![], vec![]],
        ),
        (
            "carry-over broken, reports given out of order",
            vec![carry(2021, 5.0, 70.0, National2021), carry(2020, 72.0, 18.0, National2019)],
            vec![
                vec![(Rule::T3CarryOver, Severity::Warning, vec!["t3.carried_in.total"])],
                vec![(Rule::T3CarryOver, Severity::Warning, vec!["t3.carried_out.total"])],
            ],
        ),
        (
            "only consecutive years",
            vec![carry(2019, 72.0, 0.0, National2019), carry(2021, 5.0, 70.0, National2021)],
            vec![vec![], vec![]],
        ),
        (
            "one finding for several broken columns",
            vec![
                year(2021, National2021, &[("t3.carried_out.natural", 3.0), ("t3.carried_out.total", 3.0)]),
                year(2022, National2021, &[("t3.carried_in.natural", 2.0), ("t3.carried_in.total", 2.0)]),
            ],
            vec![
                vec![(Rule::T3CarryOver, Severity::Warning, vec!["t3.carried_out.natural", "t3.carried_out.total"])],
                vec![(Rule::T3CarryOver, Severity::Warning, vec!["t3.carried_in.natural", "t3.carried_in.total"])],
            ],
        ),
        (
            "a blank carry-in of a stated table reads as 0",
            vec![
                year(2021, National2021, &[("t3.carried_out.total", 4.0)]),
                year(2022, National2021, &[("t3.new.total", 2.0)]),
            ],
            vec![
                vec![(Rule::T3CarryOver, Severity::Warning, vec!["t3.carried_out.total"])],
                vec![(Rule::T3CarryOver, Severity::Warning, vec!["t3.carried_in.total"])],
            ],
        ),
        (
            "a legacy year has no table 三 to compare",
            vec![year(2018, LegacyStats, &[("s.requests.received", 3.0)]), carry(2019, 0.0, 5.0, National2019)],
            vec![vec![], vec![]],
        ),
        (
            "in force balance holds",
            vec![
                year(2021, National2021, &[("t2.rules.in_force", 10.0)]),
                year(
                    2022,
                    National2021,
                    &[("t2.rules.issued", 2.0), ("t2.rules.abolished", 1.0), ("t2.rules.in_force", 11.0)],
                ),
            ],
            vec![vec![], vec![]],
        ),
        (
            "in force balance broken",
            vec![
                year(2021, National2021, &[("t2.normative.in_force", 10.0)]),
                year(
                    2022,
                    National2021,
                    &[("t2.normative.issued", 2.0), ("t2.normative.abolished", 1.0), ("t2.normative.in_force", 15.0)],
                ),
            ],
            vec![
                vec![],
                vec![(
                    Rule::T2InForce,
                    Severity::Warning,
                    vec!["t2.normative.in_force", "t2.normative.issued", "t2.normative.abolished"],
                )],
            ],
        ),
        (
            "abolished more than could be",
            vec![
                year(2021, National2021, &[("t2.rules.in_force", 1.0)]),
                year(
                    2022,
                    National2021,
                    &[("t2.rules.issued", 0.0), ("t2.rules.abolished", 3.0), ("t2.rules.in_force", 0.0)],
                ),
            ],
            vec![
                vec![],
                vec![
                    (
                        Rule::T2InForce,
                        Severity::Warning,
                        vec!["t2.rules.in_force", "t2.rules.issued", "t2.rules.abolished"],
                    ),
                    (Rule::T2Abolish, Severity::Warning, vec!["t2.rules.abolished", "t2.rules.issued"]),
                ],
            ],
        ),
        (
            "2019-format table 二 has no in force figure",
            vec![
                year(2020, National2019, &[("t2.rules.published_total", 10.0)]),
                year(2021, National2021, &[("t2.rules.issued", 2.0), ("t2.rules.in_force", 30.0)]),
            ],
            vec![vec![], vec![]],
        ),
    ]);
}

#[test]
fn carry_over_from_a_recovered_cell_is_a_reading_finding() {
    let a = year(2020, Format::National2019, &[("t3.carried_out.total", 72.0)]);
    let mut b = year(2021, Format::National2021, &[("t3.carried_in.total", 27.0)]);
    b.evidence.get_mut("t3.carried_in.total").unwrap().recovered = true;
    let found = audit_series(&[&a, &b]);
    assert_eq!(found[0][0].origin, Origin::Reading);
    assert_eq!(found[1][0].origin, Origin::Reading);
    assert!(found[1][0].message.contains("总计列72件≠27件"), "{}", found[1][0].message);
    assert_eq!(found[1][0].evidence.len(), 1);
}
