//! Rules on what the reader observed beyond the values (`report.observations`): narrative
//! figures against the table, percentages, category lists, duplicate labels, the period, and
//! the cells the reader could not place.

use std::collections::BTreeSet;

use super::{Ctx, fmt_num, same, unit_of};
use crate::finding::{Finding, Origin, Rule, Severity};
use crate::keys;
use crate::report::{Format, PercentClaim};

pub(crate) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    claims(ctx, out);
    percents(ctx, out);
    categories(ctx, out);
    duplicates(ctx, out);
    period(ctx, out);
    uncertain(ctx, out);
}

/// A short label for a key in running text ("政府网站公开政府信息数" → "政府网站公开政府信息").
fn running_label(key: &str) -> String {
    let l = keys::label(key);
    l.strip_suffix('数').map(str::to_string).unwrap_or(l)
}

/// A narrative figure that differs from the value of the same key.
fn claims(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen = BTreeSet::new();
    let table = match ctx.r.format {
        Some(Format::LegacyStats) => "附表",
        Some(Format::LegacyText) => "正文另一处",
        _ => "表中",
    };
    for c in &ctx.r.observations.claims {
        // A claim may state a sum of several cells ("予以公开及部分公开208件"): its key joins
        // the parts with '+', and it is checked only when every part was read.
        let parts: Vec<&str> = c.key.split('+').collect();
        let Some(value) = parts.iter().map(|k| ctx.get(k).map(|v| v.as_f64())).sum::<Option<f64>>() else {
            continue;
        };
        let claimed = c.value.as_f64();
        if same(claimed, value) || !seen.insert((c.key.clone(), c.value.to_string())) {
            continue;
        }
        let unit = unit_of(parts[0]);
        let what = parts.iter().map(|k| running_label(k)).collect::<Vec<_>>().join("与");
        let msg = format!("正文称{what}{}{unit}，{table}为{}{unit}", c.value, fmt_num(value));
        let keys = parts.iter().map(|k| k.to_string()).collect();
        let mut f = ctx.finding(Rule::TextTableMismatch, Severity::Warning, keys, msg);
        f.evidence.insert(0, c.evidence.clone());
        out.push(f);
    }
}

/// Decimals a printed number shows (72 → 0, 71.4 → 1), at most 4.
fn decimals(x: f64) -> usize {
    (0..4)
        .find(|&d| {
            let s = x * 10f64.powi(d as i32);
            (s - s.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// The report key a percentage's whole stands for: a category list's total key with that
/// total, else the one stated total with that value.
fn key_for_whole(ctx: &Ctx, p: &PercentClaim) -> Option<String> {
    if let Some(k) =
        ctx.r.observations.categories.iter().find(|c| same(c.total, p.whole)).and_then(|c| c.total_key.clone())
    {
        return Some(k);
    }
    let equal: Vec<&String> = ctx.r.values.iter().filter(|(_, v)| same(v.as_f64(), p.whole)).map(|(k, _)| k).collect();
    let totals: Vec<&&String> = equal.iter().filter(|k| k.ends_with(".total") || k.ends_with(".received")).collect();
    match (totals.as_slice(), equal.as_slice()) {
        ([k], _) => Some((**k).clone()),
        ([], [k]) => Some((*k).clone()),
        _ => None,
    }
}

/// A stated percentage further from part/whole than rounding to its printed precision allows.
fn percents(ctx: &Ctx, out: &mut Vec<Finding>) {
    for p in &ctx.r.observations.percents {
        if p.whole <= 0.0 {
            continue;
        }
        let computed = p.part / p.whole * 100.0;
        let d = decimals(p.stated);
        let tolerance = 0.5 * 10f64.powi(-(d as i32)) + 1e-9;
        if (computed - p.stated).abs() <= tolerance {
            continue;
        }
        let key = key_for_whole(ctx, p);
        let unit = key.as_deref().map(unit_of).unwrap_or("");
        let msg = format!(
            "{}{}{unit}占{}{unit}的{:.*}%，正文写作{}%",
            p.label,
            fmt_num(p.part),
            fmt_num(p.whole),
            d + 1,
            computed,
            fmt_num(p.stated)
        );
        let keys: Vec<String> = key.into_iter().collect();
        let mut f = ctx.finding(Rule::PercentMismatch, Severity::Warning, keys, msg);
        f.evidence.insert(0, p.evidence.clone());
        out.push(f);
    }
}

/// Listed categories that do not add up to their stated total.
fn categories(ctx: &Ctx, out: &mut Vec<Finding>) {
    for c in &ctx.r.observations.categories {
        if c.parts.is_empty() {
            continue;
        }
        let sum: f64 = c.parts.iter().map(|(_, v)| v).sum();
        let d = std::iter::once(c.total).chain(c.parts.iter().map(|(_, v)| *v)).map(decimals).max().unwrap_or(0);
        let ok = if d == 0 {
            same(sum, c.total)
        } else {
            // Rounded amounts: allow half a unit of the last printed digit per item.
            (sum - c.total).abs() <= 0.5 * 10f64.powi(-(d as i32)) * c.parts.len() as f64 + 1e-9
        };
        if ok {
            continue;
        }
        let unit = c.total_key.as_deref().map(unit_of).unwrap_or("");
        let items: Vec<String> = c.parts.iter().map(|(l, v)| format!("{l}{}", fmt_num(*v))).collect();
        let msg = format!(
            "{}：所列各类{}＝{}{unit}，与所述总数{}{unit}不符，相差{}{unit}",
            c.label,
            items.join("＋"),
            fmt_num(sum),
            fmt_num(c.total),
            fmt_num((sum - c.total).abs())
        );
        let keys: Vec<String> = c.total_key.iter().cloned().collect();
        let mut f = ctx.finding(Rule::CategorySum, Severity::Warning, keys, msg);
        f.evidence.insert(0, c.evidence.clone());
        out.push(f);
    }
}

fn times(n: usize) -> String {
    let digits = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
    digits.get(n).map(|s| s.to_string()).unwrap_or_else(|| n.to_string()) + "次"
}

/// The same row label printed more than once in one table.
fn duplicates(ctx: &Ctx, out: &mut Vec<Finding>) {
    for d in &ctx.r.observations.duplicate_labels {
        let place = if d.table.is_empty() { "同一表格".to_string() } else { d.table.clone() };
        let n = d.positions.len().max(2);
        let at = if d.positions.is_empty() { String::new() } else { format!("（{}）", d.positions.join("与")) };
        let msg = format!("{place}中“{}”出现{}{at}，无法确定哪一项对应该指标", d.label, times(n));
        let keys: Vec<String> = d.key.iter().cloned().collect();
        let mut f = Finding::new(Rule::DuplicateLabel, Severity::Warning, keys, msg);
        f.evidence = d.evidence.clone();
        out.push(f);
    }
}

/// The statistics period against the year in the title.
fn period(ctx: &Ctx, out: &mut Vec<Finding>) {
    if let Some(p) = &ctx.r.observations.period
        && p.period_year != p.title_year
    {
        let msg =
            format!("正文所述统计期限为{}年，而报告标题为{}年度报告，数据所属年份不一致", p.period_year, p.title_year);
        out.push(
            Finding::new(Rule::YearMismatch, Severity::Warning, Vec::new(), msg)
                .with_evidence(vec![p.evidence.clone()]),
        );
    }
}

/// Every cell the reader could not place: a reading finding, never the report's fault.
fn uncertain(ctx: &Ctx, out: &mut Vec<Finding>) {
    for u in &ctx.r.observations.uncertain {
        let read: Vec<String> = u
            .keys
            .iter()
            .map(|k| match ctx.get(k) {
                Some(v) => format!("“{}”读作{}{}", keys::label(k), v, unit_of(k)),
                None => format!("“{}”未能读取", keys::label(k)),
            })
            .collect();
        let mut msg = format!("识别存疑：{}", u.reason);
        if !read.is_empty() {
            msg.push_str(&format!("（{}），请对照原文核对", read.join("、")));
        }
        let mut evidence = vec![u.evidence.clone()];
        evidence.extend(ctx.evidence(&u.keys));
        let mut f =
            Finding::new(Rule::UncertainReading, Severity::Warning, u.keys.clone(), msg).with_evidence(evidence);
        f.origin = Origin::Reading;
        out.push(f);
    }
}

#[cfg(test)]
mod tests;
