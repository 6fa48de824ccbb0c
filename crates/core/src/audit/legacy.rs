//! Rules of the pre-2019 indicator table (政府信息公开情况统计表) and of legacy figures stated
//! in the text: totals against their items, 其中 lines against their parent, channels.
//!
//! Legacy tables are often local variants with rows we do not map, and narrative reports
//! name only some items, so a total is compared for equality only when every item of the
//! national table is stated; otherwise only items that exceed their total are errors.

use super::sums::{stated, stated_sum, terms};
use super::{Ctx, fmt_num, same, with_unit};
use crate::finding::{Finding, Rule, Severity};
use crate::keys;
use crate::report::Format;

fn s(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

/// Short label of a legacy key for sums ("当面申请数" → "当面申请").
fn short(key: &str) -> String {
    let l = keys::label(key);
    let l = l.rsplit('·').next().unwrap_or(&l).to_string();
    l.trim_end_matches('数').to_string()
}

pub(crate) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    if !ctx.r.values.keys().any(|k| k.starts_with("s.")) {
        return;
    }
    channels(ctx, out);
    total_of(
        ctx,
        Rule::SRequestChannels,
        "s.requests.received",
        &s(&["s.requests.in_person", "s.requests.fax", "s.requests.online", "s.requests.letter"]),
        &s(&["s.requests.email", "s.requests.other_form"]),
        out,
    );
    total_of(
        ctx,
        Rule::SClosed,
        "s.requests.closed",
        &s(&["s.requests.closed_on_time", "s.requests.closed_extended"]),
        &[],
        out,
    );
    let mut kinds = s(&["s.replies.already_public", "s.replies.granted", "s.replies.partial", "s.replies.denied"]);
    if ctx.has("s.replies.not_this_agency_or_not_exist") {
        kinds.push("s.replies.not_this_agency_or_not_exist".into());
    } else {
        kinds.extend(s(&["s.replies.not_this_agency", "s.replies.not_exist"]));
    }
    kinds.extend(s(&["s.replies.correction", "s.replies.other_channel"]));
    total_of(ctx, Rule::SReplies, "s.replies.total", &kinds, &[], out);
    total_of(
        ctx,
        Rule::SReplies,
        "s.replies.denied",
        &s(&[
            "s.replies.denied_state_secret",
            "s.replies.denied_commercial_secret",
            "s.replies.denied_privacy",
            "s.replies.denied_security",
            "s.replies.denied_not_gov_info",
            "s.replies.denied_other_law",
        ]),
        &[],
        out,
    );
    for g in ["review", "suit"] {
        let parts = s(&[&format!("s.{g}.upheld"), &format!("s.{g}.corrected"), &format!("s.{g}.other")]);
        total_of(ctx, Rule::SReviewSuit, &format!("s.{g}.total"), &parts, &[], out);
    }
    total_of(ctx, Rule::SStaff, "s.org.staff", &s(&["s.org.staff_full", "s.org.staff_part"]), &[], out);
    total_of(
        ctx,
        Rule::CategorySum,
        "s.consult.total",
        &s(&["s.consult.phone", "s.consult.in_person", "s.consult.online"]),
        &[],
        out,
    );
    sub_items(ctx, out);
    done(ctx, out);
}

/// `total` = sum of `required` (+ `optional` when stated). Equality is checked when every
/// required item is stated; otherwise items above the total are an error, and in an
/// indicator table a shortfall is a warning (a row may be blank or not mapped).
fn total_of(ctx: &Ctx, rule: Rule, total: &str, required: &[String], optional: &[String], out: &mut Vec<Finding>) {
    let Some(t) = ctx.num(total) else { return };
    let all: Vec<String> = required.iter().chain(optional).cloned().collect();
    let (sum, any) = stated_sum(ctx, &all);
    if !any || same(t, sum) {
        return;
    }
    let complete = required.iter().all(|k| ctx.has(k));
    let derived = matches!(rule, Rule::CategorySum);
    let severity = if sum > t || complete {
        if derived { Severity::Warning } else { Severity::Error }
    } else if ctx.r.format == Some(Format::LegacyStats) {
        Severity::Warning
    } else {
        return;
    };
    let mut keys = vec![total.to_string()];
    keys.extend(stated(ctx, &all));
    let note = if complete {
        String::new()
    } else if sum > t {
        "（仅已填各项之和就已超过总数）".to_string()
    } else {
        "（部分分项空白或未列出，请核对是否漏填）".to_string()
    };
    let msg = format!(
        "{}{}，而各分项{}，相差{}{}",
        keys::label(total),
        with_unit(total, t),
        terms(ctx, &all, short, super::unit_of(total)),
        with_unit(total, (t - sum).abs()),
        note
    );
    out.push(ctx.finding(rule, severity, keys, msg));
}

/// Each channel ≤ the proactive total; all five channels together ≥ it [DERIVED, warning].
fn channels(ctx: &Ctx, out: &mut Vec<Finding>) {
    let total_key = "s.proactive.total";
    let Some(total) = ctx.num(total_key) else { return };
    let chans = [
        "s.channel.gazette",
        "s.channel.website",
        "s.channel.weibo",
        "s.channel.wechat",
        "s.channel.weibo_wechat",
        "s.channel.other",
    ];
    for ch in chans {
        if let Some(v) = ctx.num(ch)
            && v > total
            && !same(v, total)
        {
            let msg = format!(
                "{}{}，超过主动公开政府信息总数{}（同一信息多渠道公开只计1条，单一渠道不应多于总数）",
                keys::label(ch),
                with_unit(ch, v),
                with_unit(total_key, total)
            );
            out.push(ctx.finding(Rule::SChannels, Severity::Warning, vec![ch.to_string(), total_key.to_string()], msg));
        }
    }
    let social: &[&str] = if ctx.has("s.channel.weibo") && ctx.has("s.channel.wechat") {
        &["s.channel.weibo", "s.channel.wechat"]
    } else {
        &["s.channel.weibo_wechat"]
    };
    let mut all = s(&["s.channel.gazette", "s.channel.website"]);
    all.extend(s(social));
    all.push("s.channel.other".into());
    if all.iter().all(|k| ctx.has(k)) {
        let (sum, _) = stated_sum(ctx, &all);
        if sum < total && !same(sum, total) {
            let msg = format!(
                "各渠道公开信息合计{}，少于主动公开政府信息总数{}（每条信息至少经一个渠道公开）",
                terms(ctx, &all, short, "条"),
                with_unit(total_key, total)
            );
            let mut keys = vec![total_key.to_string()];
            keys.extend(all);
            out.push(ctx.finding(Rule::SChannels, Severity::Warning, keys, msg));
        }
    }
}

/// 其中 lines ≤ their parent (error), 主动公开规范性文件数 ≤ 制发规范性文件总数 (warning).
fn sub_items(ctx: &Ctx, out: &mut Vec<Finding>) {
    let pairs = [
        ("s.proactive.normative", "s.proactive.total", Severity::Error),
        ("s.response.press_conferences_lead", "s.response.press_conferences", Severity::Error),
        ("s.response.online_interviews_lead", "s.response.online_interviews", Severity::Error),
        ("s.proactive.normative", "s.proactive.normative_issued", Severity::Warning),
    ];
    for (sub, parent, severity) in pairs {
        if let (Some(a), Some(b)) = (ctx.num(sub), ctx.num(parent))
            && a > b
            && !same(a, b)
        {
            let msg = format!(
                "“{}”{}，大于“{}”{}（其中项不应超过所属总数）",
                keys::label(sub).trim_start_matches("其中："),
                with_unit(sub, a),
                keys::label(parent),
                with_unit(parent, b)
            );
            out.push(ctx.finding(Rule::SSubItem, severity, vec![sub.to_string(), parent.to_string()], msg));
        }
    }
}

/// 申请答复数 = 申请办结数, 申请办结数 ≤ 收到申请数 [DERIVED, warning].
fn done(ctx: &Ctx, out: &mut Vec<Finding>) {
    let (replies, closed, received) = ("s.replies.total", "s.requests.closed", "s.requests.received");
    if let (Some(a), Some(b)) = (ctx.num(replies), ctx.num(closed))
        && !same(a, b)
    {
        let msg = format!("申请答复数{}件，与申请办结数{}件不一致（每件办结的申请都应有答复）", fmt_num(a), fmt_num(b));
        out.push(ctx.finding(Rule::SDone, Severity::Warning, vec![replies.into(), closed.into()], msg));
    }
    if let (Some(c), Some(r)) = (ctx.num(closed), ctx.num(received))
        && c > r
        && !same(c, r)
    {
        let msg = format!(
            "申请办结数{}件，多于本年收到申请数{}件（除非有上年结转的申请，办结数不应超过收到数）",
            fmt_num(c),
            fmt_num(r)
        );
        out.push(ctx.finding(Rule::SDone, Severity::Warning, vec![closed.into(), received.into()], msg));
    }
}

#[cfg(test)]
mod tests;
