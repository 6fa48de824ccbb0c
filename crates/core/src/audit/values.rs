//! Rules on single figures: no negative counts or amounts, counts are whole numbers.

use std::collections::BTreeMap;

use super::{Ctx, fmt_num, unit_of};
use crate::finding::{Finding, Rule, Severity};
use crate::keys;

/// Keys that hold money (decimals allowed).
fn is_amount(key: &str) -> bool {
    key.ends_with("_wan") || key.ends_with("_yuan") || key == "t2.procurement.amount"
}

/// Keys that may be negative: 2019 table 二 本年增/减.
fn may_be_negative(key: &str) -> bool {
    key.starts_with("t2.") && key.ends_with(".delta")
}

/// The part of the report a key belongs to, for grouping findings.
fn part_of(key: &str) -> &'static str {
    match key.split('.').next() {
        Some("t2") => "表二",
        Some("t3") => "表三",
        Some("t4") => "表四",
        Some("fee") => "信息处理费",
        Some("s") => "统计指标",
        _ => "其他数据",
    }
}

pub(crate) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut negative: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut fractional: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, fig) in &ctx.r.values {
        let x = fig.as_f64();
        if x < 0.0 && !may_be_negative(key) {
            negative.entry(part_of(key)).or_default().push(key);
        }
        if !is_amount(key) && fig.as_count().is_none() {
            fractional.entry(part_of(key)).or_default().push(key);
        }
    }
    let describe = |ks: &[&str]| -> String {
        ks.iter()
            .map(|k| format!("“{}”为{}{}", keys::label(k), fmt_num(ctx.num(k).unwrap_or(0.0)), unit_of(k)))
            .collect::<Vec<_>>()
            .join("、")
    };
    for (part, ks) in negative {
        let msg = format!("{part}出现负数：{}，件数和金额不可能为负", describe(&ks));
        out.push(ctx.finding(Rule::NegativeValue, Severity::Error, ks.iter().map(|k| k.to_string()).collect(), msg));
    }
    for (part, ks) in fractional {
        let msg = format!("{part}出现非整数的件数：{}，件数应为整数", describe(&ks));
        out.push(ctx.finding(Rule::FractionalCount, Severity::Error, ks.iter().map(|k| k.to_string()).collect(), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{Case, run_cases};
    use crate::finding::{Rule, Severity};

    #[test]
    fn single_figure_rules() {
        run_cases(&[
            Case::new("all fine", &[("t3.new.total", 3.0), ("t2.licensing.delta", -5.0), ("s.fees_wan", 0.5)])
                .none(Rule::NegativeValue)
                .none(Rule::FractionalCount),
            Case::new("negative table 三 cell", &[("t3.new.natural", -1.0)]).expect(
                Rule::NegativeValue,
                Severity::Error,
                &["t3.new.natural"],
            ),
            Case::new("negative amount", &[("t2.fees.amount_wan", -1.5)]).expect(
                Rule::NegativeValue,
                Severity::Error,
                &["t2.fees.amount_wan"],
            ),
            Case::new(
                "two negatives in one table give one finding",
                &[("t4.review.upheld", -1.0), ("t4.review.total", -2.0)],
            )
            .expect(Rule::NegativeValue, Severity::Error, &["t4.review.total", "t4.review.upheld"])
            .count(Rule::NegativeValue, 1),
            Case::new("fractional count", &[("t3.granted.total", 2.5)]).expect(
                Rule::FractionalCount,
                Severity::Error,
                &["t3.granted.total"],
            ),
            Case::new("fractional legacy count", &[("s.requests.received", 1.5)]).expect(
                Rule::FractionalCount,
                Severity::Error,
                &["s.requests.received"],
            ),
            Case::new("fractional 万元 is fine", &[("t2.fees.amount_wan", 12.34), ("s.org.budget_wan", 0.8)])
                .none(Rule::FractionalCount),
            Case::new("2019 negative delta is fine", &[("t2.penalty.delta", -3.0)]).none(Rule::NegativeValue),
        ]);
    }
}
