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
    report.values.insert("fee.amount_yuan".into(), Figure::Count(paid.iter().map(|f| f.amount_yuan as i64).sum()));
    Ok(report)
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
mod tests {
    use super::*;
    use crate::case::review::RemedyKind;
    use jiff::civil::date;

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
}
