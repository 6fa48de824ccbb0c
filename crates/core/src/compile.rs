//! The annual report compiled from records: tables 三 and 四 and section 六 are counted from
//! applications, reviews, suits and fees; table 二 comes from the items or a small input.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::case::review::{Remedy, RemedyResult};
use crate::case::tally::{self, CaseFacts};
use crate::keys::{self, T4Group, T4Result, t4};
use crate::report::{Figure, Format, Report};

/// One fee actually paid (信息处理费), for section 六.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeePaid {
    pub paid_on: Date,
    pub amount_yuan: u64,
}

/// Everything the compiler reads for one agency and year.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub cases: Vec<CaseFacts>,
    pub remedies: Vec<Remedy>,
    pub fees: Vec<FeePaid>,
    /// Table 二 figures not (yet) kept as records, by spec key.
    pub table2: BTreeMap<String, Figure>,
}

/// Why a report cannot be compiled.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompileError {
    #[error("年度{0}超出支持范围（2019年起适用现行格式）")]
    UnsupportedYear(i16),
    #[error("表二数据项“{0}”不属于{1}的表二")]
    UnknownTable2Key(String, &'static str),
    #[error("表二数据项“{0}”不能为负数")]
    NegativeTable2(String),
    /// A stored fee beyond any lawful amount: reported, never summed into a wrapped total.
    #[error("{paid_on}缴纳的信息处理费{amount_yuan}元超出上限（每件不超过{max}元），请核对收费记录", max = crate::case::fee::MAX_FEE_YUAN)]
    FeeOutOfRange { paid_on: Date, amount_yuan: u64 },
}

/// The format a statistics year is reported in.
pub fn format_for_year(year: i16) -> Result<Format, CompileError> {
    match year {
        2019 | 2020 => Ok(Format::National2019),
        2021..=9998 => Ok(Format::National2021),
        y => Err(CompileError::UnsupportedYear(y)),
    }
}

/// Compiles the report of `agency` for `year` in the format of that year.
pub fn compile(agency: &str, year: i16, records: &Records) -> Result<Report, CompileError> {
    let format = format_for_year(year)?;
    let mut report = Report {
        agency: Some(agency.to_string()),
        year: Some(i32::from(year)),
        format: Some(format),
        ..Report::default()
    };
    let allowed: &[(&str, &str)] = if format == Format::National2019 { keys::T2_2019 } else { keys::T2_2021 };
    for (k, v) in &records.table2 {
        if !allowed.iter().any(|(a, _)| a == k) {
            return Err(CompileError::UnknownTable2Key(k.clone(), format.label()));
        }
        // 本年增/减 may be negative (2019 format); nothing else may.
        if v.as_f64() < 0.0 && !k.ends_with(".delta") {
            return Err(CompileError::NegativeTable2(k.clone()));
        }
        report.values.insert(k.clone(), *v);
    }
    report.values.extend(tally::table3(year, format, records.cases.iter().copied()));
    report.values.extend(table4(year, &records.remedies));
    let (start, end) = year_bounds(year);
    let paid: Vec<&FeePaid> = records.fees.iter().filter(|f| f.paid_on >= start && f.paid_on <= end).collect();
    report.values.insert("fee.cases".into(), Figure::Count(paid.len() as i64));
    report.values.insert("fee.amount_yuan".into(), Figure::Count(fee_total(&paid)?));
    Ok(report)
}

/// The year's fees in yuan, each within [`MAX_FEE_YUAN`](crate::case::fee::MAX_FEE_YUAN) and
/// summed with checked arithmetic, so a corrupt record is a finding and not a wrapped total.
fn fee_total(paid: &[&FeePaid]) -> Result<i64, CompileError> {
    paid.iter().try_fold(0i64, |total, f| {
        let out_of_range = || CompileError::FeeOutOfRange { paid_on: f.paid_on, amount_yuan: f.amount_yuan };
        if f.amount_yuan > crate::case::fee::MAX_FEE_YUAN {
            return Err(out_of_range());
        }
        let amount = i64::try_from(f.amount_yuan).map_err(|_| out_of_range())?;
        total.checked_add(amount).ok_or_else(out_of_range)
    })
}

fn year_bounds(year: i16) -> (Date, Date) {
    (Date::new(year, 1, 1).expect("valid year"), Date::new(year, 12, 31).expect("valid year"))
}

/// Table 四: every review or suit filed by 31 December and not concluded before 1 January is
/// counted once: by its result when concluded in the year, as 尚未审结 otherwise.
pub fn table4(year: i16, remedies: &[Remedy]) -> BTreeMap<String, Figure> {
    let (start, end) = year_bounds(year);
    let mut counts: BTreeMap<(T4Group, T4Result), i64> = BTreeMap::new();
    for r in remedies {
        if r.filed_on > end || r.result.is_some_and(|(d, _)| d < start) {
            continue;
        }
        let result = match r.result {
            Some((d, res)) if d <= end => match res {
                RemedyResult::Upheld => T4Result::Upheld,
                RemedyResult::Corrected => T4Result::Corrected,
                RemedyResult::Other => T4Result::Other,
            },
            _ => T4Result::Pending,
        };
        *counts.entry((r.kind.group(), result)).or_insert(0) += 1;
        *counts.entry((r.kind.group(), T4Result::Total)).or_insert(0) += 1;
    }
    let mut values = BTreeMap::new();
    for g in T4Group::ALL {
        for res in T4Result::ALL {
            values.insert(t4(g, res), Figure::Count(counts.get(&(g, res)).copied().unwrap_or(0)));
        }
    }
    values
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::case::review::RemedyKind;
    use jiff::ToSpan;
    use jiff::civil::date;

    /// Issue 12, failure 5: absurd stored fees are a compile finding, not a wrapped total.
    #[test]
    fn fee_totals_never_wrap() {
        let fee = |amount_yuan| FeePaid { paid_on: date(2025, 6, 1), amount_yuan };
        let table: [(Vec<u64>, Option<i64>); 4] = [
            (vec![100, 700], Some(800)),
            (vec![crate::case::fee::MAX_FEE_YUAN; 3], Some(3 * crate::case::fee::MAX_FEE_YUAN as i64)),
            (vec![i64::MAX as u64, i64::MAX as u64], None),
            (vec![u64::MAX], None),
        ];
        for (amounts, total) in table {
            let records = Records { fees: amounts.iter().map(|a| fee(*a)).collect(), ..Records::default() };
            match (compile("a", 2025, &records), total) {
                (Ok(r), Some(t)) => assert_eq!(r.values["fee.amount_yuan"], Figure::Count(t), "{amounts:?}"),
                (Err(e), None) => assert!(matches!(e, CompileError::FeeOutOfRange { .. }), "{amounts:?}"),
                (r, _) => panic!("{amounts:?}: {r:?}"),
            }
        }
    }

    #[test]
    fn table4_counts_results_in_the_year_and_pending_at_its_end() {
        let remedies = [
            Remedy {
                kind: RemedyKind::Review,
                filed_on: date(2024, 11, 1),
                result: Some((date(2025, 1, 20), RemedyResult::Upheld)),
            },
            Remedy { kind: RemedyKind::Review, filed_on: date(2025, 5, 1), result: None },
            Remedy {
                kind: RemedyKind::SuitDirect,
                filed_on: date(2025, 2, 1),
                result: Some((date(2025, 9, 1), RemedyResult::Corrected)),
            },
            Remedy {
                kind: RemedyKind::SuitAfterReview,
                filed_on: date(2025, 12, 1),
                result: Some((date(2026, 2, 1), RemedyResult::Other)),
            },
            Remedy {
                kind: RemedyKind::Review,
                filed_on: date(2023, 1, 1),
                result: Some((date(2024, 1, 1), RemedyResult::Upheld)),
            },
        ];
        let v = table4(2025, &remedies);
        let get = |k: &str| v[k].as_count().unwrap();
        assert_eq!(get("t4.review.upheld"), 1);
        assert_eq!(get("t4.review.pending"), 1);
        assert_eq!(get("t4.review.total"), 2);
        assert_eq!(get("t4.suit_direct.corrected"), 1);
        assert_eq!(get("t4.suit_after_review.pending"), 1);
        assert_eq!(v.len(), 15);
    }

    #[test]
    fn compile_picks_the_format_of_the_year_and_checks_table_two_keys() {
        let mut records = Records::default();
        records.table2.insert("t2.rules.issued".into(), Figure::Count(2));
        let r = compile("示例局", 2025, &records).unwrap();
        assert_eq!(r.format, Some(Format::National2021));
        assert_eq!(r.get("t2.rules.issued"), Some(Figure::Count(2)));
        assert_eq!(r.get("fee.cases"), Some(Figure::Count(0)));
        assert!(matches!(compile("示例局", 2020, &records), Err(CompileError::UnknownTable2Key(..))));
        assert!(matches!(compile("示例局", 2018, &Records::default()), Err(CompileError::UnsupportedYear(2018))));
    }

    /// Random case histories, driven through the lifecycle's legal transitions, compiled year
    /// after year: every report passes the auditor's 勾稽 rules without an error, and the
    /// series check (carried_out of year N = carried_in of N+1) finds nothing.
    pub(crate) mod properties {
        use super::*;
        use crate::case::{ApplicantKind, Channel, Consulted, Event, Lifecycle, OtherDisposition, Outcome};
        use crate::keys::{T3Col, T3Row, t3};
        use crate::{Severity, audit};
        use proptest::prelude::*;

        /// splitmix64, seeded per case by proptest (so cases shrink one by one).
        pub(crate) struct Rng(pub(crate) u64);
        impl Rng {
            pub(crate) fn next(&mut self) -> u64 {
                self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.0;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            }
            pub(crate) fn below(&mut self, n: u64) -> u64 {
                self.next() % n.max(1)
            }
            fn days(&mut self, lo: u64, hi: u64) -> jiff::Span {
                jiff::Span::new().days((lo + self.below(hi - lo + 1)) as i64)
            }
        }

        const CHANNELS: [Channel; 6] = [
            Channel::InPerson,
            Channel::Oral,
            Channel::PostSigned,
            Channel::PostUnsigned,
            Channel::Online,
            Channel::Fax,
        ];

        fn step(lc: &mut Lifecycle, d: &mut Date, e: Event) {
            lc.apply(&e).expect("the generator only makes legal moves");
            *d = e.date();
        }

        /// One application's history from 2019 to 2022, its remedies and its fee.
        pub(crate) fn history(seed: u64) -> (CaseFacts, Vec<Remedy>, Option<FeePaid>) {
            let mut rng = Rng(seed);
            let kind = ApplicantKind::ALL[rng.below(6) as usize];
            let channel = CHANNELS[rng.below(6) as usize];
            let registered = date(2019, 1, 1).checked_add(rng.days(0, 4 * 365)).unwrap();
            let mut lc = Lifecycle::register(kind, channel, registered);
            let mut d = registered;
            let mut fee = None;
            if channel.needs_confirmation() {
                if rng.below(10) == 0 {
                    return (CaseFacts { applicant: kind, received: None, concluded: None }, Vec::new(), None);
                }
                let on = d.checked_add(rng.days(0, 3)).unwrap();
                step(&mut lc, &mut d, Event::ConfirmReceipt { on });
            }
            if rng.below(8) == 0 {
                let on = d.checked_add(rng.days(1, 5)).unwrap();
                step(
                    &mut lc,
                    &mut d,
                    Event::RequestCorrection {
                        on,
                        correct_by: on.checked_add(15.days()).unwrap(),
                        what: String::new(),
                    },
                );
                if rng.below(3) == 0 {
                    let on = on.checked_add(16.days()).unwrap();
                    step(&mut lc, &mut d, Event::CorrectionLapsed { on });
                } else {
                    let on = d.checked_add(rng.days(1, 14)).unwrap();
                    step(&mut lc, &mut d, Event::ReceiveCorrection { on, text: String::new() });
                }
            }
            if lc.concluded().is_none() && rng.below(8) == 0 {
                let on = d.checked_add(rng.days(1, 10)).unwrap();
                step(
                    &mut lc,
                    &mut d,
                    Event::StartConsultation { on, party: Consulted::ThirdParty, whom: String::new() },
                );
                let on = d.checked_add(rng.days(1, 20)).unwrap();
                step(&mut lc, &mut d, Event::EndConsultation { on });
            }
            if lc.concluded().is_none() && rng.below(8) == 0 {
                let on = d.checked_add(rng.days(1, 10)).unwrap();
                let amount_yuan = 10 + rng.below(500);
                step(&mut lc, &mut d, Event::IssueFeeNotice { on, amount_yuan });
                let on = d.checked_add(rng.days(1, 20)).unwrap();
                if rng.below(4) == 0 {
                    step(&mut lc, &mut d, Event::FeeLapsed { on });
                } else {
                    step(&mut lc, &mut d, Event::RecordPayment { on });
                    fee = Some(FeePaid { paid_on: on, amount_yuan });
                }
            }
            if lc.concluded().is_none() && rng.below(10) == 0 {
                let on = d.checked_add(rng.days(1, 10)).unwrap();
                step(&mut lc, &mut d, Event::ApproveExtension { on, reasons: String::new() });
            }
            // Most are concluded, a few stay open (carried over every year after).
            if lc.concluded().is_none() && rng.below(12) != 0 {
                let on = d.checked_add(rng.days(0, 60)).unwrap();
                let outcomes: Vec<Outcome> = Outcome::all()
                    .into_iter()
                    .filter(|o| {
                        !matches!(o, Outcome::Other(OtherDisposition::NoCorrection | OtherDisposition::NoFee))
                            && (lc.clock.corrected.is_some()
                                || *o != Outcome::Unable(crate::case::UnableReason::StillUnclear))
                    })
                    .collect();
                let outcome = outcomes[rng.below(outcomes.len() as u64) as usize];
                let event = if outcome == Outcome::Other(OtherDisposition::Withdrawn) {
                    Event::Withdraw { on }
                } else {
                    Event::Answer { on, outcome, text: Default::default() }
                };
                step(&mut lc, &mut d, event);
            }
            let mut remedies = Vec::new();
            if let Some((answered, _)) = lc.concluded()
                && rng.below(4) == 0
            {
                let kind =
                    [RemedyKind::Review, RemedyKind::SuitDirect, RemedyKind::SuitAfterReview][rng.below(3) as usize];
                let filed_on = answered.checked_add(rng.days(1, 90)).unwrap();
                let result = (rng.below(5) != 0).then(|| {
                    let res =
                        [RemedyResult::Upheld, RemedyResult::Corrected, RemedyResult::Other][rng.below(3) as usize];
                    (filed_on.checked_add(rng.days(0, 400)).unwrap(), res)
                });
                remedies.push(Remedy { kind, filed_on, result });
            }
            (CaseFacts { applicant: kind, received: lc.clock.received, concluded: lc.concluded() }, remedies, fee)
        }

        fn count(r: &Report, key: &str) -> i64 {
            r.get(key).and_then(|f| f.as_count()).unwrap_or(0)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn compiled_years_pass_every_rule_and_carry_over(seeds in proptest::collection::vec(any::<u64>(), 0..250)) {
                let mut records = Records::default();
                for seed in seeds {
                    let (case, remedies, fee) = history(seed);
                    records.cases.push(case);
                    records.remedies.extend(remedies);
                    records.fees.extend(fee);
                }
                let years = 2019..=2022;
                let reports: Vec<Report> = years.clone().map(|y| compile("示例局", y, &records).unwrap()).collect();
                for r in &reports {
                    let errors: Vec<_> = audit::audit(r).into_iter().filter(|f| f.severity == Severity::Error).collect();
                    prop_assert!(errors.is_empty(), "{:?}: {:#?}", r.year, errors);
                }
                let refs: Vec<&Report> = reports.iter().collect();
                for (r, findings) in reports.iter().zip(audit::audit_series(&refs)) {
                    let errors: Vec<_> = findings.into_iter().filter(|f| f.severity == Severity::Error).collect();
                    prop_assert!(errors.is_empty(), "{:?}: {:#?}", r.year, errors);
                }
                for pair in reports.windows(2) {
                    for col in T3Col::ALL {
                        prop_assert_eq!(
                            count(&pair[0], &t3(T3Row::CarriedOut, col)),
                            count(&pair[1], &t3(T3Row::CarriedIn, col))
                        );
                    }
                    // Table 四: what was pending at the end of N is counted again in N+1.
                    for g in T4Group::ALL {
                        prop_assert!(count(&pair[1], &t4(g, T4Result::Total)) >= count(&pair[0], &t4(g, T4Result::Pending)));
                    }
                }
                // Every fee paid is counted exactly once over the years it falls in.
                let paid: i64 = reports.iter().map(|r| count(r, "fee.cases")).sum();
                let in_range = records.fees.iter().filter(|f| f.paid_on <= date(2022, 12, 31)).count() as i64;
                prop_assert_eq!(paid, in_range);
            }
        }
    }
}
