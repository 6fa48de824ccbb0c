//! Section 六: 信息处理费 (fee.cases, fee.amount_yuan) as the narrative states it.

use gongkai_core::{Figure, Report};

use super::Regions;
use super::claims::{Part, Sentence, sentences};
use super::rows::{Item, Unit};
use crate::doc::Doc;

const TOPIC: &[&str] =
    &["处理费", "收费事项", "信息公开收费", "公开收费", "收取费用", "费用收取", "收费情况", "任何费用"];
const NONE: &[&str] = &[
    "未收取",
    "无收取",
    "没有收取",
    "未发生",
    "不收取",
    "未产生",
    "均未收",
    "未曾收取",
    "无信息处理费",
    "未征收",
    "没有发生",
    "没有产生",
    "不涉及",
    "未涉及",
    "无此类",
    "未有",
    "无收费",
];

/// A statement that ends by saying "none" ("收取信息处理费情况：无。", "信息处理费为零").
fn ends_with_none(text: &str) -> bool {
    let t = text.trim_end_matches(['。', '.', ';', '；', ' ']);
    ["无", ":无", "为零", "为0", "零"].iter().any(|e| t.ends_with(e)) && !t.ends_with("并无")
}

/// A clause that denies a charge: a negation before the charge in the same clause, the charge
/// being 收取 … 费 or 收费 ("没有对公民、法人和其他组织收取依申请信息公开的任何费用",
/// "暂未收取检索、复印、邮寄等费用", "未有收取或减免相关费用的情况", "全年无信息公开收费的事项").
/// 不 counts only as 不收 (不超过 and 不得 are not denials); 无法 is not a denial.
fn denies_charge(text: &str) -> bool {
    text.split([',', '，', '。', ';', '；']).any(|clause| {
        let charge = clause.find("收取").filter(|&at| clause[at..].contains('费')).or_else(|| clause.find("收费"));
        charge.is_some_and(|at| {
            let before = &clause[..at];
            let bare_none = before.match_indices('无').any(|(i, _)| !before[i..].starts_with("无法"));
            before.contains('未') || before.contains("没有") || bare_none || before.ends_with('不')
        })
    })
}

/// What a sentence says about the fee, if anything.
enum Statement {
    /// No fee was charged.
    None,
    /// An amount in 元 and maybe the number of applications charged.
    Charged { yuan: f64, cases: Option<i64> },
}

fn statement(s: &Sentence) -> Option<Statement> {
    let text = s.text();
    // 行政事业性收费 is table 二's row, not the fee of section 六.
    let denied = denies_charge(&text);
    if (!denied && !TOPIC.iter().any(|t| text.contains(t)))
        || text.contains("事业性收费")
        || text.contains("事业型收费")
    {
        return None;
    }
    let mut yuan = None;
    let mut cases = None;
    let mut wan = None;
    for p in &s.parts {
        if let Part::Num { value, unit, .. } = p {
            match unit {
                Unit::Yuan if yuan.is_none() => yuan = Some(*value),
                Unit::Wan if wan.is_none() => wan = Some(*value),
                Unit::Piece if cases.is_none() && value.fract() == 0.0 => cases = Some(*value as i64),
                _ => {}
            }
        }
    }
    if let Some(yuan) = yuan {
        return Some(Statement::Charged { yuan, cases });
    }
    if let Some(w) = wan {
        // 万元 states the same amount: 0.12万元 is 1200元.
        return Some(Statement::Charged { yuan: (w * 1_000_000.0).round() / 100.0, cases });
    }
    (denied || NONE.iter().any(|n| text.contains(n)) || ends_with_none(&text)).then_some(Statement::None)
}

/// Reads the fee statement: the first one after the tables, else the first in the text.
pub(crate) fn read(doc: &Doc, items: &[Item], regions: &Regions, report: &mut Report) {
    let all = sentences(items, regions);
    let found = all
        .iter()
        .filter(|s| s.after_tables)
        .find_map(|s| statement(s).map(|st| (s, st)))
        .or_else(|| all.iter().find_map(|s| statement(s).map(|st| (s, st))));
    let Some((s, st)) = found else { return };
    let shown = s.show();
    let mut ev = super::rows::line_evidence(doc, s.line, || shown.clone());
    ev.text = gongkai_core::report::shorten(&shown, 80);
    match st {
        Statement::None => {
            report.set("fee.cases", Figure::Count(0), ev.clone());
            report.set("fee.amount_yuan", Figure::Amount(0.0), ev);
        }
        Statement::Charged { yuan, cases } => {
            if let Some(c) = cases {
                report.set("fee.cases", Figure::Count(c), ev.clone());
            }
            report.set("fee.amount_yuan", Figure::Amount(yuan), ev);
        }
    }
}
