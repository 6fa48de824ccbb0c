//! Tests of the national rules: tables of cases, worked examples and the property test.

use proptest::prelude::*;

use super::super::testutil::{Case, dump, fig, report, run_cases};
use super::k3;
use crate::audit::audit;
use crate::finding::{Origin, Rule, Severity};
use crate::keys::{T3Col, T3Row, T4Group, T4Result, t4};
use crate::report::{Evidence, Format, Report};

/// The 2019 Shanghai 市政府办公厅 table 三/四/二 of `annual-report-formats.md` §2.9
/// (blank cells left out).
fn shanghai_2019() -> Vec<(String, f64)> {
    use T3Row::*;
    let t3 = [
        (New, [821.0, 35.0, -1.0, -1.0, 2.0, 1.0, 859.0]),
        (CarriedIn, [18.0, -1.0, -1.0, -1.0, -1.0, -1.0, 18.0]),
        (Granted, [258.0, 12.0, -1.0, -1.0, 1.0, 1.0, -1.0]),
        (Partial, [3.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (DeniedStateSecret, [14.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (DeniedInternalAffairs, [5.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (DeniedProcessInfo, [3.0, 1.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (DeniedAdminQuery, [10.0, 2.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (UnableNotHeld, [252.0, 12.0, -1.0, -1.0, 1.0, -1.0, -1.0]),
        (UnableNeedsCreation, [44.0, 3.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (UnableUnclear, [25.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (NotProcessedPetition, [148.0, 1.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (NotProcessedDuplicate, [5.0, 4.0, -1.0, -1.0, -1.0, -1.0, -1.0]),
        (Total, [767.0, 35.0, -1.0, -1.0, 2.0, 1.0, 805.0]),
        (CarriedOut, [72.0, -1.0, -1.0, -1.0, -1.0, -1.0, 72.0]),
    ];
    let mut v = Vec::new();
    for (row, cells) in t3 {
        for (col, x) in T3Col::ALL.iter().zip(cells) {
            if x >= 0.0 {
                v.push((k3(row, *col).to_string(), x));
            }
        }
    }
    for (k, x) in [
        ("t4.review.upheld", 5.0),
        ("t4.review.pending", 2.0),
        ("t4.review.total", 7.0),
        ("t4.suit_direct.upheld", 8.0),
        ("t4.suit_direct.pending", 1.0),
        ("t4.suit_direct.total", 9.0),
        ("t2.rules.new_made", 13.0),
        ("t2.rules.new_published", 13.0),
        ("t2.rules.published_total", 524.0),
        ("t2.normative.new_made", 60.0),
        ("t2.normative.new_published", 60.0),
        ("t2.normative.published_total", 368.0),
        ("t2.procurement.items", 6.0),
        ("t2.procurement.amount", 251000.0),
    ] {
        v.push((k.to_string(), x));
    }
    v
}

fn case_of(desc: &'static str, values: &[(String, f64)]) -> Case {
    let v: Vec<(&str, f64)> = values.iter().map(|(k, x)| (k.as_str(), *x)).collect();
    Case::new(desc, &v)
}

#[test]
fn shanghai_2019_worked_example_gives_no_error_and_one_missing_total_warning() {
    let case = case_of("§2.9 Shanghai 2019", &shanghai_2019())
        .format(Format::National2019)
        .no_error()
        .none(Rule::T3Balance)
        .none(Rule::T3TotalRow)
        .none(Rule::T3TotalCol)
        .none(Rule::T4Total)
        .none(Rule::T2Published)
        .count(Rule::T3MissingTotal, 1)
        .has(Rule::T3MissingTotal, Severity::Warning, &["t3.granted.total", "t3.unable.not_held.total"]);
    run_cases(&[case]);
    let found = audit(&report(Some(Format::National2019), &[]));
    assert!(found.is_empty(), "{}", dump(&found));
}

#[test]
fn table_three_rules() {
    let cases = [
        Case::new(
            "balance broken",
            &[
                ("t3.new.natural", 5.0),
                ("t3.carried_in.natural", 1.0),
                ("t3.total.natural", 4.0),
                ("t3.carried_out.natural", 1.0),
            ],
        )
        .expect(
            Rule::T3Balance,
            Severity::Error,
            &["t3.new.natural", "t3.carried_in.natural", "t3.total.natural", "t3.carried_out.natural"],
        )
        .origin(Rule::T3Balance, Origin::Source),
        Case::new("balance holds with blank carry cells", &[("t3.new.natural", 5.0), ("t3.total.natural", 5.0)])
            .none(Rule::T3Balance),
        Case::new("balance with one side blank is a missing total", &[("t3.new.commercial", 3.0)])
            .none(Rule::T3Balance)
            .count(Rule::T3MissingTotal, 1)
            .no_error(),
        Case::new(
            "balance skipped when （七） is blank but outcome rows are filled",
            &[("t3.new.natural", 5.0), ("t3.carried_out.natural", 0.0), ("t3.granted.natural", 5.0)],
        )
        .none(Rule::T3Balance)
        .has(Rule::T3MissingTotal, Severity::Warning, &["t3.total.natural"]),
        Case::new(
            "balance skipped when a row's 总计 is blank but its applicant cells are filled (上海市科委 2024)",
            &[
                ("t3.new.natural", 30.0),
                ("t3.new.total", 30.0),
                ("t3.carried_in.natural", 2.0),
                ("t3.carried_in.total", 2.0),
                ("t3.total.natural", 31.0),
                ("t3.total.total", 31.0),
                ("t3.carried_out.natural", 1.0),
            ],
        )
        .none(Rule::T3Balance)
        .has(Rule::T3MissingTotal, Severity::Warning, &["t3.carried_out.total"])
        .no_error(),
        Case::new("total column broken", &[("t3.new.natural", 3.0), ("t3.new.commercial", 2.0), ("t3.new.total", 6.0)])
            .expect(Rule::T3TotalCol, Severity::Error, &["t3.new.total", "t3.new.natural", "t3.new.commercial"]),
        Case::new("total column holds with blank applicants", &[("t3.new.natural", 3.0), ("t3.new.total", 3.0)])
            .none(Rule::T3TotalCol),
        Case::new(
            "total column blank: missing total, once",
            &[("t3.granted.natural", 3.0), ("t3.partial.natural", 1.0)],
        )
        .none(Rule::T3TotalCol)
        .count(Rule::T3MissingTotal, 1)
        .has(
            Rule::T3MissingTotal,
            Severity::Warning,
            &["t3.granted.total", "t3.partial.total", "t3.total.natural"],
        ),
        Case::new(
            "total row broken",
            &[("t3.granted.natural", 3.0), ("t3.denied.third_party.natural", 2.0), ("t3.total.natural", 4.0)],
        )
        .has(
            Rule::T3TotalRow,
            Severity::Error,
            &["t3.total.natural", "t3.granted.natural", "t3.denied.third_party.natural"],
        ),
        Case::new(
            "total row uses the three （六） parts (2021)",
            &[("t3.granted.natural", 2.0), ("t3.other.no_fee.natural", 1.0), ("t3.total.natural", 3.0)],
        )
        .format(Format::National2021)
        .none(Rule::T3TotalRow),
        Case::new(
            "total row uses the single （六） row (2019)",
            &[("t3.granted.natural", 2.0), ("t3.other.natural", 1.0), ("t3.total.natural", 3.0)],
        )
        .format(Format::National2019)
        .none(Rule::T3TotalRow),
        Case::new(
            "total row broken by a （六） part",
            &[("t3.granted.natural", 2.0), ("t3.other.other.natural", 2.0), ("t3.total.natural", 3.0)],
        )
        .has(Rule::T3TotalRow, Severity::Error, &["t3.other.other.natural"]),
        Case::new(
            "（六） printed and not equal to its parts",
            &[
                ("t3.other.total", 5.0),
                ("t3.other.no_correction.total", 2.0),
                ("t3.other.no_fee.total", 1.0),
                ("t3.other.other.total", 1.0),
            ],
        )
        .expect(
            Rule::T3OtherParts,
            Severity::Error,
            &["t3.other.total", "t3.other.no_correction.total", "t3.other.no_fee.total", "t3.other.other.total"],
        ),
        Case::new(
            "（六） printed and equal to its parts",
            &[("t3.other.total", 3.0), ("t3.other.no_correction.total", 3.0)],
        )
        .none(Rule::T3OtherParts),
        Case::new(
            "broken sum with a recovered cell is a reading warning",
            &[("t3.new.natural", 3.0), ("t3.new.total", 4.0)],
        )
        .recovered("t3.new.total")
        .expect(Rule::T3TotalCol, Severity::Warning, &["t3.new.total", "t3.new.natural"])
        .origin(Rule::T3TotalCol, Origin::Reading)
        .no_error(),
        Case::new(
            "broken sum with an uncertain cell is a reading warning",
            &[("t3.new.natural", 3.0), ("t3.new.total", 4.0)],
        )
        .uncertain(&["t3.new.natural"], "粘连数字“34”有多种拆分方式")
        .expect(Rule::T3TotalCol, Severity::Warning, &["t3.new.total", "t3.new.natural"])
        .origin(Rule::T3TotalCol, Origin::Reading)
        .expect(Rule::UncertainReading, Severity::Warning, &["t3.new.natural"]),
        Case::new(
            "fee rows without a fee section",
            &[("t3.other.no_fee.total", 2.0), ("t3.other.no_fee.natural", 2.0)],
        )
        .expect(Rule::T3Fee, Severity::Warning, &["t3.other.no_fee.total"]),
        Case::new("fee rows with a fee section", &[("t3.other.no_fee.total", 2.0), ("fee.cases", 0.0)])
            .none(Rule::T3Fee),
    ];
    run_cases(&cases);
}

#[test]
fn table_four_and_two_rules() {
    let cases = [
        Case::new(
            "review total broken",
            &[
                ("t4.review.upheld", 5.0),
                ("t4.review.corrected", 0.0),
                ("t4.review.other", 0.0),
                ("t4.review.pending", 2.0),
                ("t4.review.total", 8.0),
            ],
        )
        .expect(
            Rule::T4Total,
            Severity::Error,
            &["t4.review.total", "t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"],
        ),
        Case::new(
            "review holds with blanks",
            &[("t4.review.upheld", 5.0), ("t4.review.pending", 2.0), ("t4.review.total", 7.0)],
        )
        .none(Rule::T4Total),
        Case::new("suit total blank", &[("t4.suit_direct.upheld", 3.0)]).expect(
            Rule::T4Total,
            Severity::Warning,
            &["t4.suit_direct.total", "t4.suit_direct.upheld"],
        ),
        Case::new("all zeros", &[("t4.suit_after_review.total", 0.0), ("t4.suit_after_review.upheld", 0.0)])
            .none(Rule::T4Total),
        Case::new(
            "2019 newly published above total",
            &[("t2.normative.new_published", 5.0), ("t2.normative.published_total", 3.0)],
        )
        .expect(
            Rule::T2Published,
            Severity::Warning,
            &["t2.normative.new_published", "t2.normative.published_total"],
        ),
        Case::new(
            "2019 newly published within total",
            &[("t2.rules.new_published", 3.0), ("t2.rules.published_total", 3.0)],
        )
        .none(Rule::T2Published),
        Case::new("2019 items would become negative", &[("t2.penalty.prev_items", 2.0), ("t2.penalty.delta", -3.0)])
            .expect(Rule::NegativeValue, Severity::Warning, &["t2.penalty.prev_items", "t2.penalty.delta"]),
        Case::new(
            "2019 items misused as in seed 002",
            &[("t2.licensing.prev_items", 35.0), ("t2.licensing.delta", 30.0), ("t2.licensing.decisions", 65.0)],
        )
        .no_error()
        .none(Rule::NegativeValue),
    ];
    run_cases(&cases);
}

#[test]
fn messages_name_both_sides() {
    let r = report(
        Some(Format::National2019),
        &[
            ("t3.new.total", 859.0),
            ("t3.carried_in.total", 18.0),
            ("t3.total.total", 800.0),
            ("t3.carried_out.total", 72.0),
        ],
    );
    let found = audit(&r);
    let f = found.iter().find(|f| f.rule == Rule::T3Balance).expect("balance finding");
    assert_eq!(
        f.message,
        "表三“总计”列：本年新收859件＋上年结转18件＝877件，而办理结果总计800件＋结转下年度72件＝872件，相差5件"
    );
    assert_eq!(f.evidence.len(), 4, "evidence of the four cells");
}

fn ks(row: T3Row, col: T3Col) -> String {
    k3(row, col).to_string()
}

/// A tiny deterministic generator, seeded by proptest.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A random national report whose tables 三 and 四 are fully stated and consistent.
fn consistent(seed: u64, format: Format, print_other: bool) -> Report {
    let mut rng = Rng(seed | 1);
    let mut r = Report { format: Some(format), year: Some(2021), ..Default::default() };
    let put = |r: &mut Report, k: String, v: i64| {
        r.set(k, fig(v as f64), Evidence::default());
    };
    let rows: Vec<T3Row> = match format {
        Format::National2021 => T3Row::OUTCOMES
            .iter()
            .flat_map(|&o| {
                if o == T3Row::Other {
                    vec![T3Row::OtherNoCorrection, T3Row::OtherNoFee, T3Row::OtherOther]
                } else {
                    vec![o]
                }
            })
            .collect(),
        _ => T3Row::OUTCOMES.to_vec(),
    };
    let mut col_total = [0i64; 6];
    let mut other = [0i64; 6];
    for &row in &rows {
        let mut row_total = 0;
        for (i, &c) in T3Col::APPLICANTS.iter().enumerate() {
            let v = if rng.next(3) == 0 { rng.next(30) as i64 } else { 0 };
            put(&mut r, ks(row, c), v);
            row_total += v;
            col_total[i] += v;
            if matches!(row, T3Row::OtherNoCorrection | T3Row::OtherNoFee | T3Row::OtherOther) {
                other[i] += v;
            }
        }
        put(&mut r, ks(row, T3Col::Total), row_total);
    }
    if format == Format::National2021 && print_other {
        for (i, &c) in T3Col::APPLICANTS.iter().enumerate() {
            put(&mut r, ks(T3Row::Other, c), other[i]);
        }
        put(&mut r, ks(T3Row::Other, T3Col::Total), other.iter().sum());
    }
    let (mut n_sum, mut i_sum, mut o_sum) = (0, 0, 0);
    for (i, &c) in T3Col::APPLICANTS.iter().enumerate() {
        let out = rng.next(10) as i64;
        let cin = rng.next((col_total[i] + out + 1) as u64) as i64;
        let new = col_total[i] + out - cin;
        put(&mut r, ks(T3Row::Total, c), col_total[i]);
        put(&mut r, ks(T3Row::CarriedOut, c), out);
        put(&mut r, ks(T3Row::CarriedIn, c), cin);
        put(&mut r, ks(T3Row::New, c), new);
        n_sum += new;
        i_sum += cin;
        o_sum += out;
    }
    put(&mut r, ks(T3Row::Total, T3Col::Total), col_total.iter().sum());
    put(&mut r, ks(T3Row::New, T3Col::Total), n_sum);
    put(&mut r, ks(T3Row::CarriedIn, T3Col::Total), i_sum);
    put(&mut r, ks(T3Row::CarriedOut, T3Col::Total), o_sum);
    for g in T4Group::ALL {
        let mut total = 0;
        for res in &T4Result::ALL[..4] {
            let v = rng.next(6) as i64;
            put(&mut r, t4(g, *res), v);
            total += v;
        }
        put(&mut r, t4(g, T4Result::Total), total);
    }
    r
}

proptest! {
    #[test]
    fn consistent_tables_give_no_error_and_one_changed_cell_is_named(
        seed in any::<u64>(),
        national_2021 in any::<bool>(),
        print_other in any::<bool>(),
        pick in any::<prop::sample::Index>(),
        delta in prop_oneof![-5i64..=-1, 1i64..=5],
    ) {
        let format = if national_2021 { Format::National2021 } else { Format::National2019 };
        let mut r = consistent(seed, format, print_other);
        let found = audit(&r);
        prop_assert!(found.iter().all(|f| f.severity != Severity::Error), "{}", dump(&found));

        let keys: Vec<String> = r.values.keys().filter(|k| k.starts_with("t3.") || k.starts_with("t4.")).cloned().collect();
        let key = pick.get(&keys).clone();
        let v = r.values[&key].as_f64();
        r.values.insert(key.clone(), fig(v + delta as f64));
        let found = audit(&r);
        prop_assert!(
            found.iter().any(|f| f.severity == Severity::Error && f.keys.contains(&key)),
            "changed {} by {}: {}", key, delta, dump(&found)
        );
    }
}
