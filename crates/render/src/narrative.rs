//! The editable prose of the annual report (preamble, sections 一, 五, 六) and the report as a
//! document: title, paragraphs, headings and tables in printed order.

use gongkai_core::keys::{self, T3Col, T3Row};
use gongkai_core::{Format, Narrative, Report};

use crate::layout::{self, Grid, HEADINGS};

/// Marks text that a person still has to write or check; shown highlighted in every output.
pub const DRAFT_MARK: &str = "【草稿·待编辑】";

/// Drafts of the prose to edit, each marked with [`DRAFT_MARK`]. Figures are taken from the
/// report where the text mentions them, so the prose agrees with the tables.
pub fn draft(report: &Report) -> Narrative {
    let format = layout::layout_format(report);
    let year = report.year.map(|y| y.to_string()).unwrap_or_else(|| "____".into());
    let instrument = match format {
        Format::National2019 => "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
        _ => "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
    };
    let preamble = format!(
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{instrument}的要求编制。\
             本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n\
             {DRAFT_MARK}请写明本报告电子版的发布网址，以及对本报告有疑问时的联系单位、地址、邮编、电话和传真。"
    );
    let mut applications = String::new();
    let cell = |row: T3Row| report.get(&keys::t3(row, T3Col::Total));
    if let (Some(new), Some(carried), Some(done), Some(open)) =
        (cell(T3Row::New), cell(T3Row::CarriedIn), cell(T3Row::Total), cell(T3Row::CarriedOut))
    {
        applications = format!(
            "本年度新收政府信息公开申请{new}件，上年结转{carried}件；办结{done}件，结转下年度继续办理{open}件。\n"
        );
    }
    let overview = format!(
        "（一）主动公开\n{DRAFT_MARK}请概述本年度主动公开政府信息的情况。\n\
             （二）依申请公开\n{applications}{DRAFT_MARK}请概述依申请公开工作的情况。\n\
             （三）政府信息管理\n{DRAFT_MARK}请概述政府信息管理的情况。\n\
             （四）政府信息公开平台建设\n{DRAFT_MARK}请概述政府信息公开平台建设的情况。\n\
             （五）监督保障\n{DRAFT_MARK}请概述监督保障的情况（人民政府应包括工作考核、社会评议和责任追究结果情况）。"
    );
    let problems = format!("{DRAFT_MARK}请写明本年度政府信息公开工作存在的主要问题及改进情况。");
    let other_matters = format!("{DRAFT_MARK}请写明其他需要报告的事项；没有的，写“无”。");
    Narrative { preamble, overview, problems, other_matters }
}

/// Whether any section of `n` still carries the draft mark.
pub fn is_draft(n: &Narrative) -> bool {
    n.sections().iter().any(|(_, text)| text.contains(DRAFT_MARK))
}

/// The sentence of section 六 on 信息处理费, from `fee.cases` and `fee.amount_yuan`.
pub fn fee_sentence(report: &Report) -> String {
    let count = |k: &str| report.get(k);
    match (count("fee.cases"), count("fee.amount_yuan")) {
        (Some(cases), Some(amount)) if cases.as_f64() == 0.0 && amount.as_f64() == 0.0 => {
            "本年度未收取信息处理费。".to_string()
        }
        (Some(cases), Some(amount)) => {
            format!("本年度依据《政府信息公开信息处理费管理办法》收取信息处理费的申请{cases}件，收取金额{amount}元。")
        }
        (Some(cases), None) => {
            format!(
                "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费的申请{cases}件。{DRAFT_MARK}请补充收取金额。"
            )
        }
        (None, Some(amount)) => {
            format!(
                "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{amount}元。{DRAFT_MARK}请补充收费申请件数。"
            )
        }
        (None, None) => format!("{DRAFT_MARK}请写明本年度收取信息处理费的情况。"),
    }
}

/// How a paragraph is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaKind {
    Body,
    /// "（一）主动公开": a sub-heading within a section.
    Subheading,
}

/// One paragraph of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub kind: ParaKind,
    pub text: String,
}

impl Para {
    /// Whether the paragraph still carries the draft mark.
    pub fn is_draft(&self) -> bool {
        self.text.contains(DRAFT_MARK)
    }
}

/// Splits prose into paragraphs; blank lines are dropped.
pub fn paragraphs(text: &str) -> Vec<Para> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Para {
            kind: if is_subheading(l) { ParaKind::Subheading } else { ParaKind::Body },
            text: l.to_string(),
        })
        .collect()
}

/// "（一）主动公开": an ordinal in full-width brackets, short, without a full stop.
fn is_subheading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('（') else { return false };
    let Some((ordinal, title)) = rest.split_once('）') else { return false };
    !ordinal.is_empty()
        && ordinal.chars().all(|c| "一二三四五六七八九十".contains(c))
        && title.chars().count() <= 24
        && !title.contains('。')
}

/// One of the six sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: &'static str,
    pub paras: Vec<Para>,
    pub table: Option<Grid>,
}

/// The whole report in printed order.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDoc {
    pub title: String,
    pub format: Format,
    pub preamble: Vec<Para>,
    pub sections: Vec<Section>,
}

/// The title as reports print it: "{机关}{年}年政府信息公开工作年度报告".
pub fn title(report: &Report) -> String {
    let agency = report.agency.as_deref().unwrap_or("（机关名称）");
    match report.year {
        Some(y) => format!("{agency}{y}年政府信息公开工作年度报告"),
        None => format!("{agency}政府信息公开工作年度报告"),
    }
}

/// Lays out the report: the six sections of its format with tables 二, 三 and 四.
pub fn report_doc(report: &Report, narrative: &Narrative) -> ReportDoc {
    let format = layout::layout_format(report);
    let mut six = vec![Para { kind: ParaKind::Body, text: fee_sentence(report) }];
    six.extend(paragraphs(&narrative.other_matters));
    let section = |i: usize, paras: Vec<Para>, table: Option<Grid>| Section { heading: HEADINGS[i], paras, table };
    ReportDoc {
        title: title(report),
        format,
        preamble: paragraphs(&narrative.preamble),
        sections: vec![
            section(0, paragraphs(&narrative.overview), None),
            section(1, Vec::new(), Some(layout::table2(report, format))),
            section(2, Vec::new(), Some(layout::table3(report, format))),
            section(3, Vec::new(), Some(layout::table4(report))),
            section(4, paragraphs(&narrative.problems), None),
            section(5, six, None),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::Figure;

    #[test]
    fn drafts_are_marked_and_quote_the_tables() {
        let mut r = Report { year: Some(2024), format: Some(Format::National2021), ..Report::default() };
        for (row, v) in [(T3Row::New, 12), (T3Row::CarriedIn, 1), (T3Row::Total, 11), (T3Row::CarriedOut, 2)] {
            r.values.insert(keys::t3(row, T3Col::Total), Figure::Count(v));
        }
        let n = draft(&r);
        assert!(is_draft(&n));
        assert!(n.preamble.contains("自2024年1月1日起至2024年12月31日止"));
        assert!(n.preamble.contains("国办公开办函〔2021〕30号"));
        assert!(n.overview.contains("本年度新收政府信息公开申请12件，上年结转1件；办结11件，结转下年度继续办理2件。"));
    }

    #[test]
    fn fee_sentence_states_the_figures_or_asks_for_them() {
        let mut r = Report::default();
        assert!(fee_sentence(&r).contains(DRAFT_MARK));
        r.values.insert("fee.cases".into(), Figure::Count(0));
        r.values.insert("fee.amount_yuan".into(), Figure::Count(0));
        assert_eq!(fee_sentence(&r), "本年度未收取信息处理费。");
        r.values.insert("fee.cases".into(), Figure::Count(3));
        r.values.insert("fee.amount_yuan".into(), Figure::Count(2200));
        assert_eq!(
            fee_sentence(&r),
            "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费的申请3件，收取金额2200元。"
        );
    }

    #[test]
    fn subheadings_are_short_ordinal_lines() {
        let p = paragraphs("（一）主动公开\n本年度……。\n\n（二）依申请公开情况较好，共收到申请。");
        let kinds: Vec<ParaKind> = p.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [ParaKind::Subheading, ParaKind::Body, ParaKind::Body]);
    }
}
