//! Year-end tally of table 三 from application records: the annual report is derived, never typed.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{ApplicantKind, Outcome};
use crate::keys::{T3Col, T3Row, t3};
use crate::report::{Figure, Format};

/// What the tally needs of one application.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseFacts {
    pub applicant: ApplicantKind,
    /// 收到申请之日; applications never confirmed as received are not counted.
    pub received: Option<Date>,
    pub concluded: Option<(Date, Outcome)>,
}

/// Counts table 三 for `year`: 一 applications received in the year; 二 received earlier and
/// still open on 1 January; （一）–（六） concluded in the year by outcome; （七） their sum;
/// 四 still open on 31 December. Every cell of the format is written, zeros included, so the
/// 勾稽关系 hold by construction.
pub fn table3(year: i16, format: Format, cases: impl IntoIterator<Item = CaseFacts>) -> BTreeMap<String, Figure> {
    let rows: &[T3Row] = match format {
        Format::National2019 => &T3Row::NATIONAL_2019,
        _ => &T3Row::NATIONAL_2021,
    };
    let mut counts: BTreeMap<(T3Row, T3Col), i64> = BTreeMap::new();
    let mut add = |row: T3Row, col: T3Col| {
        *counts.entry((row, col)).or_insert(0) += 1;
        *counts.entry((row, T3Col::Total)).or_insert(0) += 1;
    };
    let start = Date::new(year, 1, 1).expect("valid year");
    let end = Date::new(year, 12, 31).expect("valid year");
    for case in cases {
        let Some(received) = case.received else { continue };
        if received > end {
            continue;
        }
        let concluded_on = case.concluded.map(|(d, _)| d);
        if concluded_on.is_some_and(|d| d < start) {
            continue; // finished before the year began
        }
        let col = case.applicant.column();
        add(if received >= start { T3Row::New } else { T3Row::CarriedIn }, col);
        match case.concluded {
            Some((on, outcome)) if on <= end => {
                let row = match (format, outcome.row()) {
                    (Format::National2019, T3Row::OtherNoCorrection | T3Row::OtherNoFee | T3Row::OtherOther) => {
                        T3Row::Other
                    }
                    (_, r) => r,
                };
                add(row, col);
                add(T3Row::Total, col);
            }
            _ => add(T3Row::CarriedOut, col),
        }
    }
    let mut values = BTreeMap::new();
    for &row in rows {
        for col in T3Col::ALL {
            values.insert(t3(row, col), Figure::Count(counts.get(&(row, col)).copied().unwrap_or(0)));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{DenialReason, OtherDisposition};
    use jiff::civil::date;

    fn case(kind: ApplicantKind, received: Date, concluded: Option<(Date, Outcome)>) -> CaseFacts {
        CaseFacts { applicant: kind, received: Some(received), concluded }
    }

    #[test]
    fn counts_new_carried_concluded_and_open() {
        let cases = [
            // carried in from 2024, answered in 2025
            case(ApplicantKind::Natural, date(2024, 12, 20), Some((date(2025, 1, 10), Outcome::Partial))),
            // received and answered in 2025
            case(
                ApplicantKind::Commercial,
                date(2025, 3, 1),
                Some((date(2025, 3, 20), Outcome::Denied(DenialReason::ThirdParty))),
            ),
            // received in 2025, still open at year end
            case(ApplicantKind::Natural, date(2025, 12, 25), None),
            // finished in 2024: not in the 2025 table
            case(ApplicantKind::Natural, date(2024, 5, 1), Some((date(2024, 5, 20), Outcome::Partial))),
            // abandoned: counted under （六）1 in 2021, （六） in 2019
            case(
                ApplicantKind::Research,
                date(2025, 6, 1),
                Some((date(2025, 7, 1), Outcome::Other(OtherDisposition::NoCorrection))),
            ),
        ];
        let v = table3(2025, Format::National2021, cases);
        let get = |k: &str| v[k].as_count().unwrap();
        assert_eq!(get("t3.new.total"), 3);
        assert_eq!(get("t3.carried_in.natural"), 1);
        assert_eq!(get("t3.partial.natural"), 1);
        assert_eq!(get("t3.denied.third_party.commercial"), 1);
        assert_eq!(get("t3.other.no_correction.research"), 1);
        assert_eq!(get("t3.total.total"), 3);
        assert_eq!(get("t3.carried_out.total"), 1);
        assert!(!v.contains_key("t3.other.total"), "2021 prints the three parts only");
        let v19 = table3(2025, Format::National2019, cases);
        assert_eq!(v19["t3.other.research"].as_count(), Some(1));
        assert_eq!(v19.len(), 23 * 7);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn arb_case() -> impl Strategy<Value = CaseFacts> {
            let outcomes = Outcome::all();
            (0usize..6, 0i32..(3 * 365), proptest::option::of((0i32..200, 0usize..outcomes.len())), any::<bool>())
                .prop_map(move |(kind, offset, concluded, confirmed)| {
                    let received = date(2023, 1, 1).checked_add(jiff::Span::new().days(offset)).unwrap();
                    CaseFacts {
                        applicant: ApplicantKind::ALL[kind],
                        received: confirmed.then_some(received),
                        concluded: concluded.map(|(after, o)| {
                            (received.checked_add(jiff::Span::new().days(after)).unwrap(), outcomes[o])
                        }),
                    }
                })
        }

        fn sum(v: &BTreeMap<String, Figure>, row: T3Row, col: T3Col) -> i64 {
            v.get(&t3(row, col)).and_then(|f| f.as_count()).unwrap_or(0)
        }

        proptest! {
            /// Any case history gives a table whose 勾稽关系 hold, and year N's 四 is year N+1's 二.
            #[test]
            fn tallies_balance_and_carry_over(cases in proptest::collection::vec(arb_case(), 0..300)) {
                let mut previous: Option<BTreeMap<String, Figure>> = None;
                for year in 2023..=2025 {
                    for format in [Format::National2019, Format::National2021] {
                        let v = table3(year, format, cases.iter().copied());
                        let rows: &[T3Row] = if format == Format::National2019 { &T3Row::NATIONAL_2019 } else { &T3Row::NATIONAL_2021 };
                        for col in T3Col::ALL {
                            let outcomes: i64 = rows.iter().filter(|r| !matches!(r, T3Row::New | T3Row::CarriedIn | T3Row::Total | T3Row::CarriedOut)).map(|&r| sum(&v, r, col)).sum();
                            prop_assert_eq!(outcomes, sum(&v, T3Row::Total, col));
                            prop_assert_eq!(sum(&v, T3Row::New, col) + sum(&v, T3Row::CarriedIn, col), sum(&v, T3Row::Total, col) + sum(&v, T3Row::CarriedOut, col));
                        }
                        for &row in rows {
                            let parts: i64 = T3Col::APPLICANTS.iter().map(|&c| sum(&v, row, c)).sum();
                            prop_assert_eq!(parts, sum(&v, row, T3Col::Total));
                        }
                    }
                    let v = table3(year, Format::National2021, cases.iter().copied());
                    if let Some(prev) = &previous {
                        for col in T3Col::ALL {
                            prop_assert_eq!(sum(prev, T3Row::CarriedOut, col), sum(&v, T3Row::CarriedIn, col));
                        }
                    }
                    previous = Some(v);
                }
            }
        }
    }
}
