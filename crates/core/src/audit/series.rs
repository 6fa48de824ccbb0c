//! Cross-year rules for one agency's consecutive reports: table 三 carry-over (works across
//! the 2019 → 2021 format change) and the table 二 balance of documents in force (2021).

use super::national::k3;
use super::{Ctx, fmt_num, same};
use crate::finding::{Finding, Origin, Rule, Severity};
use crate::keys::{T3Col, T3Row};
use crate::report::Report;

pub(crate) fn check(reports: &[&Report]) -> Vec<Vec<Finding>> {
    let mut out: Vec<Vec<Finding>> = vec![Vec::new(); reports.len()];
    let ctxs: Vec<Ctx> = reports.iter().map(|r| Ctx::new(r)).collect();
    let mut order: Vec<usize> = (0..reports.len()).filter(|&i| reports[i].year.is_some()).collect();
    order.sort_by_key(|&i| reports[i].year);
    for &a in &order {
        let ya = reports[a].year.unwrap_or_default();
        for &b in order.iter().filter(|&&b| reports[b].year == Some(ya + 1)) {
            if let Some((fa, fb)) = carry_over(&ctxs[a], &ctxs[b]) {
                out[a].push(fa);
                out[b].push(fb);
            }
            in_force(&ctxs[a], &ctxs[b], &mut out[b]);
        }
    }
    out
}

fn has_t3(ctx: &Ctx) -> bool {
    ctx.r.values.keys().any(|k| k.starts_with("t3."))
}

/// 四[c] of year N = 二[c] of year N+1 [DERIVED, warning]; one finding per report of the pair.
fn carry_over(a: &Ctx, b: &Ctx) -> Option<(Finding, Finding)> {
    if !has_t3(a) || !has_t3(b) {
        return None;
    }
    let (ya, yb) = (a.r.year.unwrap_or_default(), b.r.year.unwrap_or_default());
    let mut keys_a = Vec::new();
    let mut keys_b = Vec::new();
    let mut diffs = Vec::new();
    for col in T3Col::ALL {
        let (ka, kb) = (k3(T3Row::CarriedOut, col), k3(T3Row::CarriedIn, col));
        if !a.has(ka) && !b.has(kb) {
            continue;
        }
        // A blank cell of a stated table 三 reads as 0 for the comparison.
        let (va, vb) = (a.num(ka).unwrap_or(0.0), b.num(kb).unwrap_or(0.0));
        if !same(va, vb) {
            diffs.push(format!("{}列{}件≠{}件", col.label(), fmt_num(va), fmt_num(vb)));
            keys_a.push(ka.to_string());
            keys_b.push(kb.to_string());
        }
    }
    if diffs.is_empty() {
        return None;
    }
    let reading = keys_a.iter().any(|k| a.doubtful(k)) || keys_b.iter().any(|k| b.doubtful(k));
    let msg = format!(
        "{ya}年报告表三“结转下年度继续办理”与{yb}年报告“上年结转政府信息公开申请数量”应相等，但{}",
        diffs.join("、")
    );
    let make = |ctx: &Ctx, keys: Vec<String>| {
        let evidence = ctx.evidence(&keys);
        let mut f = Finding::new(Rule::T3CarryOver, Severity::Warning, keys, msg.clone()).with_evidence(evidence);
        if reading {
            f.origin = Origin::Reading;
        }
        f
    };
    Some((make(a, keys_a), make(b, keys_b)))
}

/// 2021 table 二: in force(N) = in force(N−1) + issued(N) − abolished(N), and
/// abolished(N) ≤ in force(N−1) + issued(N) [DERIVED, warnings on the later report].
fn in_force(a: &Ctx, b: &Ctx, out: &mut Vec<Finding>) {
    let (ya, yb) = (a.r.year.unwrap_or_default(), b.r.year.unwrap_or_default());
    for (item, name) in [("rules", "规章"), ("normative", "行政规范性文件")] {
        let kf = format!("t2.{item}.in_force");
        let ki = format!("t2.{item}.issued");
        let ka = format!("t2.{item}.abolished");
        let Some(prev) = a.num(&kf) else { continue };
        let reading = a.doubtful(&kf);
        let issued = b.num(&ki).unwrap_or(0.0);
        let abolished = b.num(&ka).unwrap_or(0.0);
        let finish = |mut f: Finding| {
            if reading {
                f.origin = Origin::Reading;
            }
            f
        };
        if let Some(cur) = b.num(&kf) {
            let expected = prev + issued - abolished;
            if !same(cur, expected) {
                let keys = [kf.clone(), ki.clone(), ka.clone()].into_iter().filter(|k| b.has(k)).collect();
                let msg = format!(
                    "{name}：{ya}年现行有效{}件＋{yb}年制发{}件－废止{}件＝{}件，而{yb}年报告现行有效为{}件，相差{}件（修订或重新清理统计也会造成差异）",
                    fmt_num(prev),
                    fmt_num(issued),
                    fmt_num(abolished),
                    fmt_num(expected),
                    fmt_num(cur),
                    fmt_num((cur - expected).abs())
                );
                out.push(finish(b.finding(Rule::T2InForce, Severity::Warning, keys, msg)));
            }
        }
        if b.has(&ka) && abolished > prev + issued && !same(abolished, prev + issued) {
            let keys = [ka.clone(), ki.clone()].into_iter().filter(|k| b.has(k)).collect();
            let msg = format!(
                "{name}：{yb}年废止{}件，多于{ya}年现行有效{}件与{yb}年制发{}件之和{}件（不能废止多于现行有效的文件）",
                fmt_num(abolished),
                fmt_num(prev),
                fmt_num(issued),
                fmt_num(prev + issued)
            );
            out.push(finish(b.finding(Rule::T2Abolish, Severity::Warning, keys, msg)));
        }
    }
}

#[cfg(test)]
mod tests;
