//! Rules of the national formats (2019 and 2021): tables 三 and 四 balances, table 二 checks
//! within one report, and the fee cross-check between table 三 and section 六.

use std::sync::OnceLock;

use super::sums::{SumCheck, check_sum, stated, stated_sum, terms};
use super::{Ctx, fmt_num, same};
use crate::finding::{Finding, Rule, Severity};
use crate::keys::{T3Col, T3Row, T4Group, T4Result, t3, t4};

/// All table 三 and 四 keys, built once, indexed by discriminant.
struct Keys {
    t3: Vec<String>,
    t3_cells: Vec<(T3Row, T3Col)>,
    t4: Vec<String>,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rows = T3Row::NATIONAL_2021.to_vec();
        rows.push(T3Row::Other);
        let n3 = rows.len() * T3Col::ALL.len();
        let mut t3_keys = vec![String::new(); n3];
        let mut t3_cells = vec![(T3Row::New, T3Col::Natural); n3];
        for &r in &rows {
            for c in T3Col::ALL {
                t3_keys[r as usize * 7 + c as usize] = t3(r, c);
                t3_cells[r as usize * 7 + c as usize] = (r, c);
            }
        }
        let mut t4_keys = vec![String::new(); 15];
        for g in T4Group::ALL {
            for r in T4Result::ALL {
                t4_keys[g as usize * 5 + r as usize] = t4(g, r);
            }
        }
        Keys { t3: t3_keys, t3_cells, t4: t4_keys }
    })
}

/// The key of a table 三 cell.
pub(crate) fn k3(row: T3Row, col: T3Col) -> &'static str {
    &keys().t3[row as usize * 7 + col as usize]
}

/// The key of a table 四 cell.
fn k4(group: T4Group, result: T4Result) -> &'static str {
    &keys().t4[group as usize * 5 + result as usize]
}

/// Short row names for messages (the printed labels are long).
pub(crate) fn row_name(row: T3Row) -> &'static str {
    use T3Row::*;
    match row {
        New => "本年新收",
        CarriedIn => "上年结转",
        Granted => "予以公开",
        Partial => "部分公开",
        DeniedStateSecret => "不予公开·属于国家秘密",
        DeniedLawForbidden => "不予公开·其他法律行政法规禁止公开",
        DeniedThreeSafety => "不予公开·危及“三安全一稳定”",
        DeniedThirdParty => "不予公开·保护第三方合法权益",
        DeniedInternalAffairs => "不予公开·属于三类内部事务信息",
        DeniedProcessInfo => "不予公开·属于四类过程性信息",
        DeniedEnforcementFile => "不予公开·属于行政执法案卷",
        DeniedAdminQuery => "不予公开·属于行政查询事项",
        UnableNotHeld => "无法提供·本机关不掌握相关政府信息",
        UnableNeedsCreation => "无法提供·没有现成信息需要另行制作",
        UnableUnclear => "无法提供·补正后申请内容仍不明确",
        NotProcessedPetition => "不予处理·信访举报投诉类申请",
        NotProcessedDuplicate => "不予处理·重复申请",
        NotProcessedPublication => "不予处理·要求提供公开出版物",
        NotProcessedMassive => "不予处理·无正当理由大量反复申请",
        NotProcessedConfirm => "不予处理·要求行政机关确认或重新出具已获取信息",
        Other => "其他处理",
        OtherNoCorrection => "其他处理·逾期不补正",
        OtherNoFee => "其他处理·逾期未缴纳信息处理费",
        OtherOther => "其他处理·其他",
        Total => "办理结果总计",
        CarriedOut => "结转下年度",
    }
}

const OTHER_PARTS: [T3Row; 3] = [T3Row::OtherNoCorrection, T3Row::OtherNoFee, T3Row::OtherOther];

/// The cell of a table 三 key, for labels in messages.
fn cell_of(key: &str) -> Option<(T3Row, T3Col)> {
    let k = keys();
    k.t3.iter().position(|x| x == key).map(|i| k.t3_cells[i])
}

fn row_of(key: &str) -> Option<T3Row> {
    cell_of(key).map(|(r, _)| r)
}

fn col_of(key: &str) -> Option<T3Col> {
    cell_of(key).map(|(_, c)| c)
}

/// The outcome rows summed into （七） for a column: the three parts of （六） when any is
/// stated in that column, otherwise the single （六） row.
fn outcome_keys(ctx: &Ctx, col: T3Col) -> Vec<&'static str> {
    let parts_stated = OTHER_PARTS.iter().any(|&r| ctx.has(k3(r, col)));
    T3Row::OUTCOMES
        .iter()
        .flat_map(|r| if *r == T3Row::Other && parts_stated { &OTHER_PARTS[..] } else { std::slice::from_ref(r) })
        .map(|&r| k3(r, col))
        .collect()
}

pub(crate) fn check(ctx: &Ctx, out: &mut Vec<Finding>) {
    if ctx.r.values.keys().any(|k| k.starts_with("t3.")) {
        table3(ctx, out);
    }
    table4(ctx, out);
    table2(ctx, out);
    fee(ctx, out);
}

/// Blank totals found while checking table 三, reported once per report.
#[derive(Default)]
struct Missing {
    /// Rows whose 总计 cell is blank though applicant cells are filled.
    row_totals: Vec<(T3Row, &'static str)>,
    /// Rows with a 总计 but no applicant cell.
    row_parts: Vec<(T3Row, &'static str)>,
    /// Columns whose （七）总计 is blank though outcome rows are filled.
    col_totals: Vec<(T3Col, &'static str)>,
    /// Columns with a （七）总计 but no outcome row.
    col_parts: Vec<(T3Col, &'static str)>,
    /// Columns where one side of the balance is blank.
    balance: Vec<(T3Col, &'static str)>,
}

fn table3(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut missing = Missing::default();
    let mut rows = T3Row::NATIONAL_2021.to_vec();
    rows.push(T3Row::Other);

    // 总计 column = sum of the six applicant columns, per row.
    for &row in &rows {
        let total = k3(row, T3Col::Total);
        let parts: Vec<&str> = T3Col::APPLICANTS.iter().map(|&c| k3(row, c)).collect();
        match check_sum(ctx, total, &parts) {
            SumCheck::Broken { total: t, sum } => {
                let mut keys = vec![total.to_string()];
                keys.extend(stated(ctx, &parts));
                let msg = format!(
                    "表三“{}”行：各申请人{}，而“总计”列为{}件，相差{}件",
                    row_name(row),
                    terms(ctx, &parts, |k| col_of(k).map_or("", |c| c.label()).to_string(), "件"),
                    fmt_num(t),
                    fmt_num((t - sum).abs())
                );
                out.push(ctx.finding(Rule::T3TotalCol, Severity::Error, keys, msg));
            }
            SumCheck::NoTotal { .. } => missing.row_totals.push((row, total)),
            SumCheck::NoParts { .. } => missing.row_parts.push((row, total)),
            SumCheck::Empty | SumCheck::Holds => {}
        }
    }

    for col in T3Col::ALL {
        // （七）总计 = sum of the outcome rows, per column.
        let total = k3(T3Row::Total, col);
        let parts = outcome_keys(ctx, col);
        let sumrow = check_sum(ctx, total, &parts);
        match sumrow {
            SumCheck::Broken { total: t, sum } => {
                let mut keys = vec![total.to_string()];
                keys.extend(stated(ctx, &parts));
                let msg = format!(
                    "表三“{}”列：各项办理结果{}，而“（七）总计”为{}件，相差{}件",
                    col.label(),
                    terms(ctx, &parts, |k| row_of(k).map_or("", row_name).to_string(), "件"),
                    fmt_num(t),
                    fmt_num((t - sum).abs())
                );
                out.push(ctx.finding(Rule::T3TotalRow, Severity::Error, keys, msg));
            }
            SumCheck::NoTotal { .. } => missing.col_totals.push((col, total)),
            SumCheck::NoParts { .. } => missing.col_parts.push((col, total)),
            SumCheck::Empty | SumCheck::Holds => {}
        }

        // 一 + 二 = （七） + 四, per column.
        balance(ctx, col, &mut missing, out);

        // （六） = its three parts, when the report prints the （六） line itself.
        let other = k3(T3Row::Other, col);
        let subs: Vec<&str> = OTHER_PARTS.iter().map(|&r| k3(r, col)).collect();
        if ctx.has(other)
            && let SumCheck::Broken { total: t, sum } = check_sum(ctx, other, &subs)
        {
            let mut keys = vec![other.to_string()];
            keys.extend(stated(ctx, &subs));
            let msg = format!(
                "表三“{}”列：“（六）其他处理”填报{}件，而其下三项{}，相差{}件",
                col.label(),
                fmt_num(t),
                terms(ctx, &subs, |k| row_of(k).map_or("", row_name).to_string(), "件"),
                fmt_num((t - sum).abs())
            );
            out.push(ctx.finding(Rule::T3OtherParts, Severity::Error, keys, msg));
        }
    }
    report_missing(ctx, missing, out);
}

/// A blank cell that cannot be 0: the 总计 of a row with non-zero applicant cells, or the
/// （七） of a column with non-zero outcome rows. Such a blank is a missing total.
fn blank_total(ctx: &Ctx, row: T3Row, col: T3Col) -> bool {
    if ctx.has(k3(row, col)) {
        return false;
    }
    let row_sum = col == T3Col::Total && {
        let parts: Vec<&str> = T3Col::APPLICANTS.iter().map(|&c| k3(row, c)).collect();
        stated_sum(ctx, &parts).0 != 0.0
    };
    let col_sum = row == T3Row::Total && stated_sum(ctx, &outcome_keys(ctx, col)).0 != 0.0;
    row_sum || col_sum
}

fn balance(ctx: &Ctx, col: T3Col, missing: &mut Missing, out: &mut Vec<Finding>) {
    let new = k3(T3Row::New, col);
    let cin = k3(T3Row::CarriedIn, col);
    let tot = k3(T3Row::Total, col);
    let cout = k3(T3Row::CarriedOut, col);
    let lhs_keys = [new, cin];
    let rhs_keys = [tot, cout];
    let (lhs, lhs_any) = stated_sum(ctx, &lhs_keys);
    let (rhs, rhs_any) = stated_sum(ctx, &rhs_keys);
    match (lhs_any, rhs_any) {
        (false, false) => {}
        (true, false) | (false, true) => {
            if lhs != 0.0 || rhs != 0.0 {
                missing.balance.push((col, if lhs_any { tot } else { new }));
            }
        }
        (true, true) => {
            // A blank total whose parts are filled is a missing total, not a broken balance.
            let rows = [T3Row::New, T3Row::CarriedIn, T3Row::Total, T3Row::CarriedOut];
            if same(lhs, rhs) || rows.iter().any(|&r| blank_total(ctx, r, col)) {
                return;
            }
            let v = |k: &str| fmt_num(ctx.num(k).unwrap_or(0.0));
            let msg = format!(
                "表三“{}”列：本年新收{}件＋上年结转{}件＝{}件，而办理结果总计{}件＋结转下年度{}件＝{}件，相差{}件",
                col.label(),
                v(new),
                v(cin),
                fmt_num(lhs),
                v(tot),
                v(cout),
                fmt_num(rhs),
                fmt_num((lhs - rhs).abs())
            );
            let keys = stated(ctx, &[new, cin, tot, cout]);
            out.push(ctx.finding(Rule::T3Balance, Severity::Error, keys, msg));
        }
    }
}

/// Names of up to five items with their unit, or the first five and "等N行".
fn list_names(names: &[&str], unit: &str) -> String {
    if names.len() <= 5 {
        names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join("、") + unit
    } else {
        let head: Vec<String> = names[..5].iter().map(|n| format!("“{n}”")).collect();
        format!("{}等{}{}", head.join("、"), names.len(), unit)
    }
}

/// One `t3_missing_total` warning for all the blank totals of table 三.
fn report_missing(ctx: &Ctx, mut m: Missing, out: &mut Vec<Finding>) {
    // Blank 总计 cells of the outcome rows already explain an unverifiable （七）总计, and the
    // reverse: report the cause once.
    if !m.row_totals.is_empty() {
        m.col_parts.retain(|(c, _)| *c != T3Col::Total);
    }
    if !m.col_totals.is_empty() {
        m.row_parts.retain(|(r, _)| *r != T3Row::Total);
    }
    let mut parts = Vec::new();
    let mut keys = Vec::new();
    if !m.row_totals.is_empty() {
        let names: Vec<&str> = m.row_totals.iter().map(|(r, _)| row_name(*r)).collect();
        parts.push(format!("{}已填各申请人数字，但“总计”列空白", list_names(&names, "行")));
        keys.extend(m.row_totals.into_iter().map(|(_, k)| k.to_string()));
    }
    if !m.row_parts.is_empty() {
        let names: Vec<&str> = m.row_parts.iter().map(|(r, _)| row_name(*r)).collect();
        parts.push(format!("{}只填了“总计”，各申请人列空白", list_names(&names, "行")));
        keys.extend(m.row_parts.into_iter().map(|(_, k)| k.to_string()));
    }
    if !m.col_totals.is_empty() {
        let names: Vec<&str> = m.col_totals.iter().map(|(c, _)| c.label()).collect();
        parts.push(format!("{}已填办理结果，但“（七）总计”空白", list_names(&names, "列")));
        keys.extend(m.col_totals.into_iter().map(|(_, k)| k.to_string()));
    }
    if !m.col_parts.is_empty() {
        let shown: Vec<String> = m
            .col_parts
            .iter()
            .map(|(c, k)| format!("“{}”列“（七）总计”为{}件", c.label(), fmt_num(ctx.num(k).unwrap_or(0.0))))
            .collect();
        parts.push(format!("{}，但各项办理结果空白", shown.join("、")));
        keys.extend(m.col_parts.into_iter().map(|(_, k)| k.to_string()));
    }
    if !m.balance.is_empty() {
        let names: Vec<&str> = m.balance.iter().map(|(c, _)| c.label()).collect();
        parts.push(format!("{}的新收/结转与办理结果只填了一侧", list_names(&names, "列")));
        keys.extend(m.balance.into_iter().map(|(_, k)| k.to_string()));
    }
    if parts.is_empty() {
        return;
    }
    keys.sort();
    keys.dedup();
    let msg = format!("表三部分合计无法核对（空白格视为未填报，不作为计算错误）：{}", parts.join("；"));
    out.push(ctx.finding(Rule::T3MissingTotal, Severity::Warning, keys, msg));
}

fn table4(ctx: &Ctx, out: &mut Vec<Finding>) {
    for g in T4Group::ALL {
        let total = k4(g, T4Result::Total);
        let parts: Vec<&str> = T4Result::ALL[..4].iter().map(|&r| k4(g, r)).collect();
        let label =
            |k: &str| T4Result::ALL.iter().find(|&&r| k4(g, r) == k).map_or(String::new(), |r| r.label().to_string());
        let (severity, msg) = match check_sum(ctx, total, &parts) {
            SumCheck::Broken { total: t, sum } => (
                Severity::Error,
                format!(
                    "表四{}：{}，而“总计”为{}件，相差{}件",
                    g.label(),
                    terms(ctx, &parts, label, "件"),
                    fmt_num(t),
                    fmt_num((t - sum).abs())
                ),
            ),
            SumCheck::NoTotal { sum } => {
                (Severity::Warning, format!("表四{}：各结果合计{}件，但“总计”空白，无法核对", g.label(), fmt_num(sum)))
            }
            SumCheck::NoParts { total: t } => {
                (Severity::Warning, format!("表四{}：“总计”为{}件，但各结果均空白，无法核对", g.label(), fmt_num(t)))
            }
            SumCheck::Empty | SumCheck::Holds => continue,
        };
        let mut keys = vec![total.to_string()];
        keys.extend(stated(ctx, &parts));
        out.push(ctx.finding(Rule::T4Total, severity, keys, msg));
    }
}

fn table2(ctx: &Ctx, out: &mut Vec<Finding>) {
    // 2019: newly published ≤ total published [DERIVED].
    for (item, name) in [("rules", "规章"), ("normative", "规范性文件")] {
        let new = format!("t2.{item}.new_published");
        let all = format!("t2.{item}.published_total");
        if let (Some(n), Some(a)) = (ctx.num(&new), ctx.num(&all))
            && n > a
        {
            let msg = format!(
                "表二{name}：本年新公开数量{}件，多于对外公开总数量{}件（总数量应包含本年新公开的）",
                fmt_num(n),
                fmt_num(a)
            );
            out.push(ctx.finding(Rule::T2Published, Severity::Warning, vec![new, all], msg));
        }
    }
    // 2019: 上一年项目数量 + 本年增/减 ≥ 0 [DERIVED].
    for (item, name) in [
        ("licensing", "行政许可"),
        ("other_services", "其他对外管理服务事项"),
        ("penalty", "行政处罚"),
        ("coercion", "行政强制"),
        ("fees", "行政事业性收费"),
    ] {
        let prev = format!("t2.{item}.prev_items");
        let delta = format!("t2.{item}.delta");
        if let (Some(p), Some(d)) = (ctx.num(&prev), ctx.num(&delta))
            && p + d < 0.0
        {
            let msg = format!(
                "表二{name}：上一年项目数量{}项，本年增/减{}项，本年项目数将为{}项（不可能为负）",
                fmt_num(p),
                fmt_num(d),
                fmt_num(p + d)
            );
            out.push(ctx.finding(Rule::NegativeValue, Severity::Warning, vec![prev, delta], msg));
        }
    }
}

/// Table 三 （六）2 (unpaid fees) implies fee notices, which section 六 should report [DERIVED].
fn fee(ctx: &Ctx, out: &mut Vec<Finding>) {
    let key = k3(T3Row::OtherNoFee, T3Col::Total);
    if let Some(n) = ctx.num(key)
        && n > 0.0
        && !ctx.has("fee.cases")
        && !ctx.has("fee.amount_yuan")
    {
        let msg = format!(
            "表三“申请人逾期未按收费通知要求缴纳费用”{}件，说明本年发出过收费通知，但第六部分未报告信息处理费情况",
            fmt_num(n)
        );
        out.push(ctx.finding(Rule::T3Fee, Severity::Warning, vec![key.to_string()], msg));
    }
}

#[cfg(test)]
mod tests;
