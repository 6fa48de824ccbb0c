//! Table-shape tests of the national reader on small inline documents.

use gongkai_core::keys::{T3Col, T3Row, t3};
use gongkai_core::{Figure, Format, Report};

use crate::doc::Doc;
use crate::input::{RawBlock, RawDoc};
use crate::normalize::Normalizer;

fn doc_of(blocks: Vec<RawBlock>) -> Doc {
    thread_local! {
        static NORM: Normalizer = Normalizer::new();
    }
    NORM.with(|n| Doc::build(RawDoc { blocks }, n))
}

fn text_doc(text: &str) -> Doc {
    doc_of(vec![RawBlock::Text(text.to_string())])
}

fn run(doc: &Doc, format: Format) -> Report {
    let mut r = Report::default();
    super::read(doc, format, &mut r);
    r
}

fn val(r: &Report, key: &str) -> Option<f64> {
    r.num(key)
}

/// Table 三 (2021) as one run-together line: `cells` gives the printed digits of each row.
fn t3_line_2021(cells: &dyn Fn(T3Row) -> String) -> String {
    let mut s = String::from("三、收到和处理政府信息公开申请情况 申请人情况 自然人 商业企业 其他 总计 ");
    for r in T3Row::NATIONAL_2021 {
        s.push_str(r.label());
        s.push(' ');
        s.push_str(&cells(r));
    }
    s.push_str(" 四、政府信息公开行政复议、行政诉讼情况");
    s
}

#[test]
fn pipe_rows_2019() {
    let text = "\
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年新 | 本年新 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
规范性文件 | 4 | 4 | 14 |
第二十条第(五)项 | |||
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 35 | -3 | 65 |
第二十条第(八)项 | |||
行政事业性收费 | 0 | 0 | |
第二十条第(九)项 | |||
政府集中采购 | 0(雁峰区无集采中心) | 12.5万元 |
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||
一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | ||
三、本年度办理结果 | (一)予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | |
(六)其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||
(七)总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | ||
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 | |||||||||||||
0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |
五、存在的主要问题及改进情况
";
    let r = run(&text_doc(text), Format::National2019);
    let want: &[(&str, f64)] = &[
        ("t2.rules.published_total", 0.0),
        ("t2.normative.published_total", 14.0),
        ("t2.licensing.delta", -3.0),
        ("t2.fees.delta", 0.0),
        ("t2.procurement.items", 0.0),
        ("t2.procurement.amount", 12.5),
        ("t2.procurement.amount_wan", 12.5),
        ("t3.new.total", 1.0),
        ("t3.granted.natural", 1.0),
        ("t3.other.total", 0.0),
        ("t3.total.total", 1.0),
        ("t4.suit_after_review.corrected", 1.0),
        ("t4.suit_after_review.total", 1.0),
    ];
    for (k, v) in want {
        assert_eq!(val(&r, k), Some(*v), "{k}");
    }
    assert_eq!(r.get("t3.new.total"), Some(Figure::Count(1)));
    assert!(r.evidence_of("t3.granted.natural").is_some_and(|e| e.col == Some(2) && !e.recovered));
}

#[test]
fn html_rows_with_group_cells_and_blanks() {
    let cell = |s: &str| s.to_string();
    let row = |v: &[&str]| v.iter().map(|s| cell(s)).collect::<Vec<String>>();
    let table = vec![
        row(&["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]),
        row(&["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]),
        row(&["三、本年度办理结果", "（一）予以公开", "258", "12", "", "", "1", "1", ""]),
        row(&["（三）不予公开", "1.属于国家秘密", "14", "", "", "", "", "", ""]),
        row(&["2.其他法律行政法规禁止公开", "", "", "", "", "", "", ""]),
        row(&["四、结转下年度继续办理", "72", "", "", "", "", "", "72"]),
    ];
    let t4 =
        vec![row(&["行政复议", "行政诉讼"]), row(&["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""])];
    let doc = doc_of(vec![
        RawBlock::Text("三、收到和处理政府信息公开申请情况".into()),
        RawBlock::Table(table),
        RawBlock::Text("四、政府信息公开行政复议、行政诉讼情况".into()),
        RawBlock::Table(t4),
    ]);
    let r = run(&doc, Format::National2019);
    assert_eq!(val(&r, "t3.new.natural"), Some(821.0));
    assert_eq!(val(&r, "t3.new.legal_service"), Some(2.0));
    assert_eq!(val(&r, "t3.new.research"), None);
    assert_eq!(val(&r, "t3.granted.other_org"), Some(1.0));
    assert_eq!(val(&r, "t3.granted.total"), None);
    assert_eq!(val(&r, "t3.denied.state_secret.natural"), Some(14.0));
    assert_eq!(val(&r, "t3.denied.law_forbidden.natural"), None);
    assert_eq!(val(&r, "t3.carried_out.total"), Some(72.0));
    assert_eq!(val(&r, "t4.review.upheld"), Some(5.0));
    assert_eq!(val(&r, "t4.review.corrected"), None);
    assert_eq!(val(&r, "t4.suit_direct.total"), Some(9.0));
    let ev = r.evidence_of("t3.granted.natural").unwrap();
    assert_eq!((ev.table, ev.row, ev.col), (Some(0), Some(2), Some(2)));
}

#[test]
fn run_together_digits_unique_split() {
    let text = "二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 \
        规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690\
        第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费9116.36 "
        .to_string()
        + &t3_line_2021(&|r| match r {
            T3Row::New => "713000074".into(),
            T3Row::CarriedIn => "1000001".into(),
            T3Row::Granted => "210000021".into(),
            T3Row::Partial => "8100009".into(),
            T3Row::UnableNotHeld => "370000037".into(),
            T3Row::OtherNoCorrection => "2000002".into(),
            T3Row::OtherOther => "0200002".into(),
            T3Row::Total => "723000075".into(),
            _ => "0000000".into(),
        })
        + "行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 000000000000000 \
        五、存在的主要问题及改进情况 六、其他需要报告的事项 2022年，无收取信息处理费情况。\
        另：集中公开现行有效行政规范性文件698件，本年度制发的规范性文件88件。";
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(71.0));
    assert_eq!(val(&r, "t3.new.commercial"), Some(3.0));
    assert_eq!(val(&r, "t3.new.total"), Some(74.0));
    assert_eq!(val(&r, "t3.total.natural"), Some(72.0));
    assert_eq!(val(&r, "t3.unable.not_held.total"), Some(37.0));
    assert_eq!(val(&r, "t3.other.other.commercial"), Some(2.0));
    assert_eq!(val(&r, "t3.other.total"), None, "（六） is not printed as a row of its own");
    assert!(r.evidence_of("t3.new.natural").unwrap().recovered);
    // Seven digits for seven cells: fixed by the document, so not a guess the auditor discounts.
    assert!(!r.evidence_of("t3.carried_in.natural").unwrap().recovered);
    assert_eq!(val(&r, "t2.rules.in_force"), Some(0.0));
    assert_eq!(val(&r, "t2.normative.issued"), Some(88.0));
    assert_eq!(val(&r, "t2.normative.abolished"), Some(55.0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(10690.0));
    assert_eq!(val(&r, "t2.fees.amount_wan"), Some(9116.36));
    assert_eq!(val(&r, "t4.suit_after_review.total"), Some(0.0));
    assert_eq!(val(&r, "fee.cases"), Some(0.0));
    assert_eq!(val(&r, "fee.amount_yuan"), Some(0.0));
    assert!(r.observations.claims.iter().any(|c| c.key == "t2.normative.in_force" && c.value == Figure::Count(698)));
}

#[test]
fn run_together_rows_solved_by_column_sums() {
    let text = t3_line_2021(&|r| match r {
        T3Row::New => "110000011".into(),
        T3Row::Granted | T3Row::Total => "11 0 0 0 0 0 11".into(),
        _ => "0000000".into(),
    });
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(11.0));
    assert_eq!(val(&r, "t3.new.commercial"), Some(0.0));
    // Only table 四, whose caption ends the text without figures, is reported unread.
    assert!(r.observations.uncertain.iter().all(|u| u.reason.starts_with("表四")), "{:?}", r.observations.uncertain);
}

#[test]
fn ambiguous_run_together_rows_are_left_out() {
    let text = t3_line_2021(&|r| match r {
        T3Row::New | T3Row::Granted | T3Row::Total => "110000011".into(),
        _ => "0000000".into(),
    });
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), None);
    assert_eq!(val(&r, "t3.new.commercial"), None);
    assert_eq!(val(&r, "t3.new.research"), Some(0.0));
    assert_eq!(val(&r, "t3.new.total"), Some(11.0));
    let u = &r.observations.uncertain;
    assert!(u.iter().any(|u| u.keys.contains(&t3(T3Row::New, T3Col::Natural)) && u.reason.contains("110000011")));
}

#[test]
fn detached_labels_are_filled_in_order() {
    // PDF text: some labels print apart from their number rows (and out of order).
    let text = "\
三、收到和处理政府信息公开申请情况
申请人情况
| 一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 三、 | （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（二）部分公开（区分处理的，只
2.其他法律行政法规禁
| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
1
| （七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 |  |
三、政府信息公开行政复议、行政诉讼情况
";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, "t3.partial.total"), Some(0.0));
    assert_eq!(val(&r, "t3.denied.law_forbidden.natural"), Some(2.0));
    assert_eq!(val(&r, "t3.denied.three_safety.total"), Some(0.0));
    assert_eq!(val(&r, "t3.total.total"), Some(3.0));
    assert_eq!(val(&r, "t3.carried_out.natural"), Some(0.0));
    assert_eq!(val(&r, "t3.carried_out.total"), None);
}

#[test]
fn table_four_shapes() {
    let one_row = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n\
        40 0 10 5 55 2 0 4 6 12 6 0 9 7 22\n五、存在的主要问题及改进情况";
    let r = run(&text_doc(one_row), Format::National2021);
    assert_eq!(val(&r, "t4.review.total"), Some(55.0));
    assert_eq!(val(&r, "t4.suit_direct.pending"), Some(6.0));
    assert_eq!(val(&r, "t4.suit_after_review.total"), Some(22.0));

    let sub_tables = "## 四、政府信息公开行政复议、行政诉讼情况\n### 行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
        |---|---|---|---|---|\n| 27 | 10 | 9 | 15 | 61 |\n### 行政诉讼（未经复议直接起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
        | 3 | 0 | 0 | 0 | 3 |\n### 行政诉讼（复议后起诉）\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n\
        | 8 | 0 | 1 | 1 | 10 |\n## 五、政府信息公开工作存在的主要问题及改进情况";
    let r = run(&text_doc(sub_tables), Format::National2021);
    assert_eq!(val(&r, "t4.review.total"), Some(61.0));
    assert_eq!(val(&r, "t4.suit_direct.upheld"), Some(3.0));
    assert_eq!(val(&r, "t4.suit_after_review.pending"), Some(1.0));

    let run_together =
        "四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 总计 10000101000100000 五、存在的主要问题";
    let r = run(&text_doc(run_together), Format::National2021);
    assert_eq!(val(&r, "t4.review.upheld"), Some(10.0));
    assert_eq!(val(&r, "t4.review.total"), Some(10.0));
    assert_eq!(val(&r, "t4.suit_direct.upheld"), Some(1.0));
    assert!(r.evidence_of("t4.review.total").unwrap().recovered);
}

#[test]
fn fee_statements() {
    let table: &[(&str, Option<f64>, Option<f64>)] = &[
        ("六、其他需要报告的事项\n2025 年度本机关未收取信息公开处理费。", Some(0.0), Some(0.0)),
        (
            "六、其他需要报告的事项\n本年度信息公开处理费收费情况\n2024 年，市科委未发生政府信息公开收费事项。",
            Some(0.0),
            Some(0.0),
        ),
        (
            "六、其他需要报告的事项\n我县认真落实《政府信息公开信息处理费管理办法》要求。全县收取信息处理费共计380元，其中民政局1件，收取380元。",
            Some(1.0),
            Some(380.0),
        ),
        ("六、其他需要报告的事项\n无。", None, None),
        ("六、其他需要报告的事项\n本年度收取信息处理费情况：无。", Some(0.0), Some(0.0)),
        ("六、其他需要报告的事项\n本机关本年度没有产生信息处理费。", Some(0.0), Some(0.0)),
        ("六、其他需要报告的事项\n本年度共收取信息处理费0.12万元。", None, Some(1200.0)),
        // Wordings without 处理费: "未收取任何费用", "无收费情况".
        ("全年本机关依申请提供政府信息,未收取任何费用。", Some(0.0), Some(0.0)),
        ("依申请公开件数与上一年度相同,无收费情况。", Some(0.0), Some(0.0)),
        ("本年度未发生行政事业性收费情况。", None, None),
        // The negation apart from 收取, before the party charged.
        ("2019年,没有对公民、法人和其他组织收取依申请信息公开的任何费用。", Some(0.0), Some(0.0)),
        ("本机关未向申请人收取任何费用。", Some(0.0), Some(0.0)),
        // A negation in another clause says nothing of the charge.
        ("未发现问题,按规定收取任何费用均公示。", None, None),
        // Charges named by what they cover, or as 收费, with the negation before them.
        ("2022年,我委对依申请提供政府信息暂未收取检索、复印、邮寄等费用。", Some(0.0), Some(0.0)),
        ("未有受理信息公开申请的情况;未有收取或减免相关费用的情况。", Some(0.0), Some(0.0)),
        ("全年无信息公开收费的事项,也无因信息公开导致行政复议的情况。", Some(0.0), Some(0.0)),
        // Not denials: a ceiling, an inability.
        ("复印费按不超过规定标准收取。", None, None),
        ("无法提供的信息收取费用另行告知。", None, None),
        // A paragraph broken between the figure and its unit (a PDF's lines).
        ("六、其他需要报告的事项\n本年度收取信息处理费的申请1件，收取金额380\n元。", Some(1.0), Some(380.0)),
        ("六、其他需要报告的事项\n本年度依据《办法》收取信息处理费0\n元。", None, Some(0.0)),
    ];
    for (text, cases, amount) in table {
        let r = run(&text_doc(text), Format::National2021);
        assert_eq!(val(&r, "fee.cases"), *cases, "{text}");
        assert_eq!(val(&r, "fee.amount_yuan"), *amount, "{text}");
    }
}

#[test]
fn narrative_claims() {
    let text = "一、总体情况\n市政府共受理政府信息公开申请 1295 件，办结 1191 件（含上年结转 189 件）。其中，予以公开及部\n分公开 208 件，\
        不予公开 20 件。12345热线共接到工单7600件，已办结7596件。全区收到政府信息公开申请75件。";
    let r = run(&text_doc(text), Format::National2021);
    let c = |k: &str| r.observations.claims.iter().find(|c| c.key == k).map(|c| c.value.as_f64());
    assert_eq!(c("t3.new.total"), Some(1295.0));
    assert_eq!(c("t3.total.total"), Some(1191.0));
    assert_eq!(c("t3.carried_in.total"), Some(189.0));
    assert_eq!(c("t3.granted.total+t3.partial.total"), Some(208.0));
    assert_eq!(r.observations.claims.iter().filter(|c| c.key == "t3.total.total").count(), 1);
}

/// A positioned line: pieces and the x where each starts (every piece 10 points wide per char).
fn placed(pieces: &[(&str, f32)]) -> crate::input::PlacedLine {
    let text = pieces.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(" ");
    let spans =
        pieces.iter().map(|(t, x)| crate::input::Span { x0: *x, x1: *x + 10.0 * t.chars().count() as f32 }).collect();
    crate::input::PlacedLine { text, spans }
}

#[test]
fn pdf_rows_with_blank_cells_are_placed_under_their_headers() {
    // Columns 0..7 of table 三 centred at 200, 250, ..., 500; 四 has fifteen columns from 40.
    let cols: Vec<f32> = (0..7).map(|c| 200.0 + 50.0 * c as f32).collect();
    let num = |v: &'static str, c: usize| (v, cols[c] - 5.0 * v.len() as f32);
    let head = |t: &'static str, c: usize| (t, cols[c] - 5.0 * t.chars().count() as f32);
    let t4x = |c: usize| 40.0 + 34.0 * c as f32;
    let mut t4_head: Vec<(&str, f32)> = Vec::new();
    for g in 0..3 {
        for (i, t) in ["维持", "纠正", "其他", "尚未", "总计"].iter().enumerate() {
            t4_head.push((t, t4x(g * 5 + i) - 10.0));
        }
    }
    let lines = vec![
        placed(&[("三、收到和处理政府信息公开申请情况", 40.0)]),
        placed(&[("申请人情况", 300.0)]),
        placed(&[
            head("自然人", 0),
            head("商业企业", 1),
            head("科研机构", 2),
            head("社会公益组织", 3),
            head("法律服务机构", 4),
            head("其他", 5),
            head("总计", 6),
        ]),
        placed(&[("一、本年新收政府信息公开申请数量", 20.0), num("821", 0), num("35", 1), num("856", 6)]),
        placed(&[("二、上年结转政府信息公开申请数量", 20.0), num("18", 0), num("18", 6)]),
        placed(&[("（一）予以公开", 20.0), num("258", 0), num("1", 4), num("259", 6)]),
        placed(&[("四、政府信息公开行政复议、行政诉讼情况", 40.0)]),
        placed(&t4_head),
        placed(&[("5", t4x(0) - 3.0), ("2", t4x(3) - 3.0), ("7", t4x(4) - 3.0), ("9", t4x(9) - 3.0)]),
    ];
    let doc = doc_of(vec![RawBlock::Placed(lines)]);
    let r = run(&doc, Format::National2019);
    let table: &[(&str, Option<f64>)] = &[
        ("t3.new.natural", Some(821.0)),
        ("t3.new.commercial", Some(35.0)),
        ("t3.new.research", None),
        ("t3.new.total", Some(856.0)),
        ("t3.carried_in.natural", Some(18.0)),
        ("t3.carried_in.commercial", None),
        ("t3.carried_in.total", Some(18.0)),
        ("t3.granted.legal_service", Some(1.0)),
        ("t3.granted.other_org", None),
        ("t3.granted.total", Some(259.0)),
        ("t4.review.upheld", Some(5.0)),
        ("t4.review.corrected", None),
        ("t4.review.pending", Some(2.0)),
        ("t4.review.total", Some(7.0)),
        ("t4.suit_direct.total", Some(9.0)),
    ];
    for (key, want) in table {
        assert_eq!(val(&r, key), *want, "{key}");
    }
}

/// A PDF's table 二 whose headers cannot be placed (set with letter spacing, "上 一 年 项 目"):
/// a row of one figure is that figure in some column, never its digits spread over three.
#[test]
fn pdf_figures_are_never_cut_into_digits() {
    let lines = vec![
        placed(&[("二、主动公开政府信息情况", 40.0)]),
        placed(&[("第二十条第（五）项", 40.0)]),
        placed(&[("上", 200.0), ("一", 215.0), ("年", 230.0), ("本", 300.0), ("年", 315.0), ("处", 400.0)]),
        placed(&[("信", 40.0), ("息", 55.0), ("内", 70.0), ("容", 85.0), ("增", 300.0), ("理", 400.0)]),
        placed(&[("行政许可", 40.0), ("142", 415.0)]),
        placed(&[("三、收到和处理政府信息公开申请情况", 40.0)]),
    ];
    let r = run(&doc_of(vec![RawBlock::Placed(lines)]), Format::National2019);
    for key in ["t2.licensing.prev_items", "t2.licensing.delta", "t2.licensing.decisions"] {
        assert!(val(&r, key).is_none_or(|v| v == 142.0), "{key}: {:?}", val(&r, key));
    }
}

/// A table going on over a page with its header printed again, the new page's columns set
/// elsewhere (a PDF's text laid out page by page): the rows below the repeated header are placed
/// by it, not by the first page's.
#[test]
fn pdf_a_header_printed_again_places_the_rows_below_it() {
    let header = |x0: f32| {
        let heads = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
        let pieces: Vec<(&str, f32)> = heads.iter().enumerate().map(|(c, h)| (*h, x0 + 60.0 * c as f32)).collect();
        placed(&pieces)
    };
    // A figure centred under column c of a header starting at x0 (headers are 10 per character).
    let under = |x0: f32, c: usize, head_chars: usize| x0 + 60.0 * c as f32 + 5.0 * head_chars as f32 - 2.5;
    let lines = vec![
        placed(&[("三、收到和处理政府信息公开申请情况", 40.0)]),
        placed(&[("申请人情况", 300.0)]),
        header(200.0),
        placed(&[("一、本年新收政府信息公开申请数量", 20.0), ("5", under(200.0, 0, 3)), ("5", under(200.0, 6, 2))]),
        placed(&[("—2—", 280.0)]),
        header(236.0),
        placed(&[("4.保护第三方合法权益", 20.0), ("3", under(236.0, 0, 3)), ("3", under(236.0, 6, 2))]),
        placed(&[("5.属于三类内部事务信息", 20.0), ("1", under(236.0, 1, 4)), ("1", under(236.0, 6, 2))]),
    ];
    let doc = doc_of(vec![RawBlock::Placed(lines)]);
    let r = run(&doc, Format::National2021);
    let table: &[(&str, Option<f64>)] = &[
        ("t3.new.natural", Some(5.0)),
        ("t3.new.total", Some(5.0)),
        ("t3.denied.third_party.natural", Some(3.0)),
        ("t3.denied.third_party.total", Some(3.0)),
        ("t3.denied.internal_affairs.natural", None),
        ("t3.denied.internal_affairs.commercial", Some(1.0)),
        ("t3.denied.internal_affairs.total", Some(1.0)),
    ];
    for (key, want) in table {
        assert_eq!(val(&r, key), *want, "{key}");
    }
}

/// Table 四 in narrow columns: each header printed down its column a character per line
/// ("结" / "果" / "维" / "持"); the columns are read top to bottom and place the figures.
#[test]
fn pdf_table4_headers_printed_down_their_columns() {
    let x = |c: usize| 40.0 + 30.0 * c as f32;
    let words = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut lines = vec![
        placed(&[("四、政府信息公开行政复议、行政诉讼情况", 40.0)]),
        placed(&[("行政复议", 80.0), ("行政诉讼", 320.0)]),
        placed(&[("未经复议直接起诉", 200.0), ("复议后起诉", 380.0)]),
    ];
    for k in 0..4 {
        let chars: Vec<(String, f32)> =
            (0..15).filter_map(|c| words[c % 5].chars().nth(k).map(|ch| (ch.to_string(), x(c)))).collect();
        let pieces: Vec<(&str, f32)> = chars.iter().map(|(t, x)| (t.as_str(), *x)).collect();
        lines.push(placed(&pieces));
    }
    lines.push(placed(&[("5", x(0) + 2.5), ("2", x(3) + 2.5), ("7", x(4) + 2.5), ("9", x(9) + 2.5)]));
    let doc = doc_of(vec![RawBlock::Placed(lines)]);
    let r = run(&doc, Format::National2021);
    let table: &[(&str, Option<f64>)] = &[
        ("t4.review.upheld", Some(5.0)),
        ("t4.review.corrected", None),
        ("t4.review.pending", Some(2.0)),
        ("t4.review.total", Some(7.0)),
        ("t4.suit_direct.total", Some(9.0)),
        ("t4.suit_after_review.total", None),
    ];
    for (key, want) in table {
        assert_eq!(val(&r, key), *want, "{key}");
    }
}

#[test]
fn pdf_figures_between_headers_are_not_guessed() {
    // 35 sits halfway between 自然人 and 商业企业: the row stays unplaced.
    let lines = vec![
        placed(&[("三、收到和处理政府信息公开申请情况", 40.0)]),
        placed(&[("自然人", 185.0), ("商业企业", 230.0), ("总计", 490.0)]),
        placed(&[("一、本年新收政府信息公开申请数量", 20.0), ("821", 185.0), ("35", 215.0)]),
    ];
    let doc = doc_of(vec![RawBlock::Placed(lines)]);
    let r = run(&doc, Format::National2019);
    assert_eq!(val(&r, "t3.new.natural"), None);
    assert_eq!(val(&r, "t3.new.commercial"), None);
}

#[test]
fn a_table_shown_but_not_read_is_reported() {
    // Table 三's header and labels, but every figure lost (e.g. an image in the page).
    let text = "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 法人或其他组织 总计\n一、本年新收政府信息公开申请数量\n\
        二、上年结转政府信息公开申请数量\n四、结转下年度继续办理\n五、存在的主要问题及改进情况\n无。";
    let r = run(&text_doc(text), Format::National2021);
    assert!(r.values.keys().all(|k| !k.starts_with("t3.")));
    let u: Vec<&str> = r.observations.uncertain.iter().map(|u| u.reason.as_str()).collect();
    assert!(u.iter().any(|x| x.contains("表三") && x.contains(gongkai_core::report::TABLE_NOT_READ)), "{u:?}");
    assert_eq!(r.observations.tables_not_read(), 1, "{u:?}");
}

#[test]
fn table_rows_breaking_their_sum_are_read_as_printed() {
    // Seven digits for seven cells: the row total (3) breaks 1+1, yet the document fixes each cell.
    let text = t3_line_2021(&|r| match r {
        T3Row::New => "1100003".into(),
        T3Row::Total => "1100002".into(),
        T3Row::Granted => "1100002".into(),
        _ => "0000000".into(),
    });
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(1.0));
    assert_eq!(val(&r, "t3.new.total"), Some(3.0));
    assert!(!r.evidence_of("t3.new.total").unwrap().recovered);
}

#[test]
fn signed_table2_cells_run_together() {
    let text = "二、主动公开政府信息情况\n第二十条第(五)项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 35-15 120\n\
        三、收到和处理政府信息公开申请情况";
    let r = run(&text_doc(text), Format::National2019);
    assert_eq!(val(&r, "t2.licensing.prev_items"), Some(35.0));
    assert_eq!(val(&r, "t2.licensing.delta"), Some(-15.0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(120.0));
}

#[test]
fn one_cell_per_line_tables_are_read() {
    let text = "二、主动公开政府信息情况\n\n第二十条第(一)项 |\n\n信息内容 |\n\n本年制发件数 |\n\n本年废止件数 |\n\n现行有效件数 |\n\n\
        规章 |\n\n0 |\n\n|||\n\n0 |\n\n3 |\n\n行政规范性文件 |\n\n4 |\n\n1 |\n\n20 |\n\n三、收到和处理政府信息公开申请情况";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, "t2.rules.in_force"), Some(3.0));
    assert_eq!(val(&r, "t2.normative.issued"), Some(4.0));
    assert_eq!(val(&r, "t2.normative.in_force"), Some(20.0));
}

/// Shapes of table 二 seen in site copies: the whole table on one line after the paragraphs
/// (cells apart by pipes), a copy that lost the caption 第二十条第(一)项 and prints its header one
/// cell per line, labels that lost their first character, and one column printed three times
/// with the same figure.
#[test]
fn flattened_and_damaged_table_two() {
    let one_line = "全年在政府网站主动公开政府信息9条, 2021年,我局未收到依申请公开申请事项。 二、主动公开政府信息情况 \
        第二十条第(一)项 | 信息内容 | 本年新 制发数量 | 本年新 废止数量 | 现行有效数量 | 规章 | 0 | 1 | 2 | 规范性文件 | 3 | 4 | 5 | \
        第二十条第(五)项 | 信息内容 | 本年处理决定数量 | 行政许可 | 650 | 第二十条第(六)项 | 信息内容 | 本年处理决定数量 | \
        行政处罚 | 100 | 行政强制 | 0 | 0 | 0 |";
    let r = run(&text_doc(one_line), Format::National2021);
    assert_eq!(val(&r, "t2.rules.abolished"), Some(1.0));
    assert_eq!(val(&r, "t2.normative.in_force"), Some(5.0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(650.0));
    assert_eq!(val(&r, "t2.penalty.decisions"), Some(100.0));
    assert_eq!(val(&r, "t2.coercion.decisions"), Some(0.0));
    let no_caption = "二、主动公开政府信息情况\n|\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n\
        规章 |\n0 |\n0 |\n7 |\n规范性文件 |\n1 |\n0 |\n9 |\n第二十条第() |\n信息内容 |\n处理决定数量 |\n政许可 |\n132 |\n\
        政处罚 |\n22 |\n";
    let r = run(&text_doc(no_caption), Format::National2021);
    assert_eq!(val(&r, "t2.rules.in_force"), Some(7.0));
    assert_eq!(val(&r, "t2.normative.in_force"), Some(9.0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(132.0));
    assert_eq!(val(&r, "t2.penalty.decisions"), Some(22.0));
    // Three different figures under one column stay unread.
    let r = run(
        &text_doc("二、主动公开政府信息情况\n第二十条第(六)项\n信息内容 | 本年处理决定数量\n行政处罚 | 2 | 0 | 0\n"),
        Format::National2021,
    );
    assert_eq!(val(&r, "t2.penalty.decisions"), None);
}

/// Table 三 one cell per line with no blank line between printed cells, where each blank cell
/// is one blank line ("1", five blank lines, "1": 自然人 1, 总计 1); and a procurement amount
/// with its unit in brackets ("205(万)").
#[test]
fn blank_cells_as_blank_lines_and_bracketed_units() {
    let text = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n\
        社会公益组织\n法律服务机构\n其他\n一、本年新收政府信息公开申请数量\n1\n\n\n\n\n\n1\n\
        二、上年结转政府信息公开申请数量\n0\n0\n0\n0\n0\n0\n0\n";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(1.0));
    assert_eq!(val(&r, "t3.new.commercial"), None);
    assert_eq!(val(&r, "t3.new.total"), Some(1.0));
    assert_eq!(val(&r, "t3.carried_in.total"), Some(0.0));
    let text = "二、主动公开政府信息情况\n第二十条第(九)项\n|\n信息内容\n|\n采购项目数量\n|\n采购总金额\n|\n\
        政府集中采购\n|\n2\n|\n205(万)\n|\n三、收到和处理政府信息公开申请情况\n";
    let r = run(&text_doc(text), Format::National2019);
    assert_eq!(val(&r, "t2.procurement.items"), Some(2.0));
    assert_eq!(val(&r, "t2.procurement.amount_wan"), Some(205.0));
}

/// The unit of the procurement amount named in the header, not in the cell (开封/西平 style),
/// and a 本年增/减 printed with its sign.
#[test]
fn procurement_unit_from_the_header_and_signed_changes() {
    let text = "\
二、主动公开政府信息情况
第二十条第(五)项 | | |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量
行政许可 | 21 | +19 | 40
第二十条第(九)项 | |
信息内容 | 采购项目数量 | 采购总金额(单位:万元,保留4位小数)
政府集中采购 | 6 | 137.3
三、收到和处理政府信息公开申请情况
";
    let r = run(&text_doc(text), Format::National2019);
    for (k, v) in [
        ("t2.licensing.prev_items", 21.0),
        ("t2.licensing.delta", 19.0),
        ("t2.licensing.decisions", 40.0),
        ("t2.procurement.items", 6.0),
        ("t2.procurement.amount", 137.3),
        ("t2.procurement.amount_wan", 137.3),
    ] {
        assert_eq!(val(&r, k), Some(v), "{k}");
    }
}

/// Cells as clerks write them: a change as a word (减3, 增2), counts with the unit 笔 and amounts
/// in 元; each row read on its own (table of rows, 2019 format).
#[test]
fn table2_cells_written_with_words_and_units() {
    let head =
        "二、主动公开政府信息情况\n第二十条第(五)项 | | |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n";
    let tail = "\n三、收到和处理政府信息公开申请情况\n";
    let cases: &[(&str, &[(&str, f64)])] = &[
        (
            "行政许可 | 6 | 减3 | 3",
            &[("t2.licensing.prev_items", 6.0), ("t2.licensing.delta", -3.0), ("t2.licensing.decisions", 3.0)],
        ),
        ("行政许可 | 4 | 增2 | 9", &[("t2.licensing.delta", 2.0), ("t2.licensing.decisions", 9.0)]),
        ("行政许可 | 10 | 减少8 | 0", &[("t2.licensing.delta", -8.0), ("t2.licensing.decisions", 0.0)]),
        // A change that prints its direction and no figure is blank; its neighbours stand.
        ("行政许可\n\n 990\n\n 减\n\n 711", &[("t2.licensing.prev_items", 990.0), ("t2.licensing.decisions", 711.0)]),
        (
            "第二十条第(九)项 | |\n信息内容 | 采购项目数量 | 采购总金额\n政府集中采购 2笔 984361元",
            &[("t2.procurement.items", 2.0), ("t2.procurement.amount", 984361.0)],
        ),
    ];
    for (rows, want) in cases {
        let r = run(&text_doc(&format!("{head}{rows}{tail}")), Format::National2019);
        for (k, v) in *want {
            assert_eq!(val(&r, k), Some(*v), "{rows}: {k}");
        }
        assert_eq!(val(&r, "t2.procurement.amount_wan"), None, "{rows}: 元 is not 万元");
    }
}

/// A row of table 二 that ends the document (an excerpt cut mid-row) gives its printed cells as
/// its first columns; the same short row with text after it gives nothing (blanks left out).
#[test]
fn table2_row_cut_by_the_end_of_the_excerpt() {
    let head = "二、主动公开政府信息情况\n第二十条第(一)项 | |||\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n\
                规章 | 0 | 0 | 0 |\n规范性文件 | 2 | 1 |";
    let cut = run(&text_doc(head), Format::National2019);
    assert_eq!(val(&cut, "t2.normative.new_made"), Some(2.0));
    assert_eq!(val(&cut, "t2.normative.new_published"), Some(1.0));
    assert_eq!(val(&cut, "t2.normative.published_total"), None);
    let whole = run(&text_doc(&format!("{head}\n三、收到和处理政府信息公开申请情况\n")), Format::National2019);
    assert_eq!(val(&whole, "t2.normative.new_made"), None);
    assert_eq!(val(&whole, "t2.rules.new_made"), Some(0.0));
}

/// A page that starts at the last row of table 三 (a flip-book page): the row is table 三's, and
/// the same words in prose start nothing.
#[test]
fn a_page_starting_at_table3s_last_row() {
    let page = "Page 9 - 2020年报\n四、结转下年度继续办理 0 1 0 0 0 0 1\n四、政府信息公开行政复议、行政诉讼情况\n\
                行政复议 行政诉讼\n0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n无。";
    let r = run(&text_doc(page), Format::National2021);
    assert_eq!(val(&r, "t3.carried_out.commercial"), Some(1.0));
    assert_eq!(val(&r, "t3.carried_out.total"), Some(1.0));
    assert_eq!(val(&r, "t4.review.total"), Some(0.0));
    let prose = "一、总体情况\n本年结转下年度继续办理1件。\n五、存在的主要问题及改进情况\n无。";
    let r = run(&text_doc(prose), Format::National2021);
    assert!(r.values.keys().all(|k| !k.starts_with("t3.")), "{:?}", r.values.keys().collect::<Vec<_>>());
}

/// Table 四 under its variant captions, on a page that starts there (no table 三 before it).
#[test]
fn table4_under_variant_captions() {
    for caption in ["四、因政府信息公开工作被申请行政复议提起行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况"]
    {
        let text = format!(
            "{caption}\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n\
             1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n无。"
        );
        let r = run(&text_doc(&text), Format::National2021);
        assert_eq!(val(&r, "t4.review.upheld"), Some(1.0), "{caption}");
        assert_eq!(val(&r, "t4.review.total"), Some(1.0), "{caption}");
        assert_eq!(val(&r, "t4.suit_after_review.total"), Some(0.0), "{caption}");
    }
}

/// A report on 2022 printing the old header of 第(一)项 and the new single columns of
/// 第(五)(六)(八)项: each section is read with its own header.
#[test]
fn hybrid_table_two_reads_each_section_by_its_header() {
    let text = "\
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
第二十条第(五)项 | |||
信息内容 | 处理决定数量 | ||
行政许可 | 117 | ||
第二十条第(六)项 | |||
信息内容 | 处理决定数量 | ||
行政处罚 | 2 | ||
行政强制 | 0 | ||
第二十条第(八)项 | |||
信息内容 | 本年度收费金额(单位:万元) | ||
行政事业性收费 | 0 | ||
三、收到和处理政府信息公开申请情况
";
    let r = run(&text_doc(text), Format::National2021);
    for (k, v) in [
        ("t2.licensing.decisions", 117.0),
        ("t2.penalty.decisions", 2.0),
        ("t2.coercion.decisions", 0.0),
        ("t2.fees.amount_wan", 0.0),
    ] {
        assert_eq!(val(&r, k), Some(v), "{k}");
    }
}

/// The 2019 headers written with 年度 ("上一年度项目数量", "本年度新制作数量") are still the 2019
/// layout: three cells per row of 第(五)项, not the 2021 decisions alone.
#[test]
fn table2_headers_written_with_nian_du() {
    let text = "\
二、主动公开政府信息情况
第二十条第(一)项 | |||
信息内容 | 本年度新制作数量 | 本年度公开数量 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
第二十条第(五)项 | |||
信息内容 | 上一年度项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 2 | 3 | 4 |
第二十条第(八)项 | |||
信息内容 | 上一年度项目数量 | 本年增/减 | |
行政事业性收费 | 5 | 0 | |
三、收到和处理政府信息公开申请情况
";
    let r = run(&text_doc(text), Format::National2019);
    for (k, v) in [
        ("t2.licensing.prev_items", 2.0),
        ("t2.licensing.delta", 3.0),
        ("t2.licensing.decisions", 4.0),
        ("t2.fees.prev_items", 5.0),
        ("t2.fees.delta", 0.0),
    ] {
        assert_eq!(val(&r, k), Some(v), "{k}");
    }
}

/// An excerpt that ends inside a row of table 三: the printed cells are the first columns; the
/// cells cut off stay absent. A short row followed by more text is not placed (its blanks could
/// be anywhere).
#[test]
fn a_row_cut_by_the_end_of_the_excerpt_fills_its_first_columns() {
    let head = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n\
        一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n";
    let cases: &[(&str, &[Option<f64>])] = &[
        (
            "二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 ",
            &[Some(2.0), Some(0.0), Some(0.0), Some(0.0), Some(0.0), None, None],
        ),
        ("二、上年结转政府信息公开申请数量 | 3 | ", &[Some(3.0), None, None, None, None, None, None]),
        ("二、上年结转政府信息公开申请数量\n\n0\n\n4\n\n0", &[Some(0.0), Some(4.0), Some(0.0), None, None, None, None]),
        ("二、上年结转政府信息公开申请数量 | 2 | 0 | 0 |\n三、本年度办理结果", &[None; 7]),
        // "3 1 4" may be natural, another column and the total with blanks left out.
        ("二、上年结转政府信息公开申请数量 | 3 | 1 | 4 ", &[None; 7]),
    ];
    for (tail, want) in cases {
        let r = run(&text_doc(&format!("{head}{tail}")), Format::National2021);
        assert_eq!(val(&r, "t3.new.total"), Some(1.0), "{tail}");
        let got: Vec<Option<f64>> = T3Col::ALL.iter().map(|c| val(&r, &t3(T3Row::CarriedIn, *c))).collect();
        assert_eq!(got, want.to_vec(), "{tail}");
    }
}

/// The preamble lists the report's parts by the tables' captions: that shows no table, so no
/// table region starts there (the section-六 fee sentence after it is narrative) and no table
/// is reported unread; a numbered caption does show one.
#[test]
fn captions_count_only_as_headings() {
    let preamble = "报告由总体情况,主动公开政府信息情况,收到和处理政府信息公开申请情况,政府信息公开行政复议、行政诉讼情况,存在的主要问题及改进情况和其他需要报告的事项六个部分组成。\n\
        依申请公开件数与上一年度相同,无收费情况。";
    let r = run(&text_doc(preamble), Format::National2021);
    assert_eq!(val(&r, "fee.amount_yuan"), Some(0.0));
    assert!(r.observations.uncertain.is_empty(), "{:?}", r.observations.uncertain);
    for heading in [
        "四、政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    ] {
        let r = run(&text_doc(&format!("{heading}\n(表格为图片)")), Format::National2021);
        assert_eq!(r.observations.uncertain.len(), 1, "{heading}");
    }
    // Sub-headings of section 一 and sentences cut by a number are no captions.
    for text in [
        "(四)因政府信息公开工作被申请行政复议、提起行政诉讼情况。\n2020年我镇无因政府信息公开工作被申请行政复议、提起行政诉讼情况。",
        "依申请公开受理渠道畅通,2023年度无因政府信息公开引发的行政复议、行政诉讼问题。",
    ] {
        let r = run(&text_doc(text), Format::National2021);
        assert!(r.observations.uncertain.is_empty(), "{text}: {:?}", r.observations.uncertain);
    }
}

/// Rows wrapped over two lines in text copies of PDFs: the numbers that go on on the next line
/// belong to the row above when together they fill the row and add up; short rows on
/// consecutive lines that do not add up stay apart.
#[test]
fn rows_wrapped_over_lines_are_joined() {
    let text = "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n\
        一、本年新收政府信息公开申请数量 5 1 0 0 0 0\n6\n\
        二、上年结转政府信息公开申请数量 3 3\n1 0 0 0 1\n\
        （一）予以公开 2 1 0 0 0 0 3\n\
        四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n\
        1 0 0 0 1 0 0 0 0 0\n2 0 0 0 2\n五、存在的主要问题及改进情况";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(5.0));
    assert_eq!(val(&r, "t3.new.total"), Some(6.0));
    assert_eq!(val(&r, "t3.carried_in.natural"), None);
    assert_eq!(val(&r, "t3.granted.total"), Some(3.0));
    assert_eq!(val(&r, "t4.review.total"), Some(1.0));
    assert_eq!(val(&r, "t4.suit_after_review.upheld"), Some(2.0));
    assert_eq!(val(&r, "t4.suit_after_review.total"), Some(2.0));
}

/// A template with a subtotal column for 法人或其他组织 prints eight figures a row; the subtotal
/// (found by its sums) is left out, wherever it stands.
#[test]
fn a_subtotal_column_of_organisations_is_left_out() {
    let head = "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n";
    for (new, granted) in [
        (
            "| 一、本年新收政府信息公开申请数量 | 5 | 2 | 1 | 1 | 0 | 0 | 0 | 7 |",
            "| (一)予以公开 | 2 | 1 | 0 | 1 | 0 | 0 | 0 | 3 |",
        ),
        (
            "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 1 | 0 | 0 | 0 | 2 | 7 |",
            "| (一)予以公开 | 2 | 0 | 1 | 0 | 0 | 0 | 1 | 3 |",
        ),
    ] {
        let r = run(
            &text_doc(&format!("{head}{new}\n{granted}\n四、政府信息公开行政复议、行政诉讼情况")),
            Format::National2021,
        );
        assert_eq!(val(&r, "t3.new.natural"), Some(5.0), "{new}");
        assert_eq!(val(&r, "t3.new.commercial"), Some(1.0), "{new}");
        assert_eq!(val(&r, "t3.new.research"), Some(1.0), "{new}");
        assert_eq!(val(&r, "t3.new.total"), Some(7.0), "{new}");
        assert_eq!(val(&r, "t3.granted.research"), Some(1.0), "{granted}");
        assert_eq!(val(&r, "t3.granted.total"), Some(3.0), "{granted}");
    }
}

/// A text copy printing table 三 one cell per line, one blank line apart, where a blank cell
/// prints nothing but one more blank line: the blank lines place the figures, only when they
/// account for exactly the seven cells.
/// A row label printed alone as a cell ("一、本年新收政府信息公开申请数量 |"), its figures as the
/// cells of the next line.
#[test]
fn labels_on_their_own_line_name_the_cells_below() {
    let text = "三、收到和处理政府信息公开申请情况\n申请人情况 |\n自然人 | 法人或其他组织 | 总计 |\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n一、本年新收政府信息公开申请数量 |\n1 | 0 | 0 | 0 | 0 | 0 | 1 | ||\n二、上年结转政府信息公开申请数量 |\n0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n三、本年度办理结果 |\n(一)予以公开 |\n1 | 0 | 0 | 0 | 0 | 0 | 1 | ||\n(二)部分公开(区分处理的,只计这一情形,不计其他情形) |\n";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, &t3(T3Row::New, T3Col::Natural)), Some(1.0));
    assert_eq!(val(&r, &t3(T3Row::New, T3Col::Total)), Some(1.0));
    assert_eq!(val(&r, &t3(T3Row::CarriedIn, T3Col::Total)), Some(0.0));
    assert_eq!(val(&r, &t3(T3Row::Granted, T3Col::Total)), Some(1.0));
}

#[test]
fn blank_cells_shown_as_blank_lines() {
    let head = "三、收到和处理政府信息公开申请情况\n\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)\n\n申请人情况\n\n自然人\n\n法人或其他组织\n\n总计\n\n商业企业\n\n科研机构\n\n社会公益组织\n\n法律服务机构\n\n其他\n\n";
    // (rows after the header, expected cells of 本年新收 and 予以公开 as [自然人, …, 总计])
    type Cells = [Option<f64>; 7];
    let none: Cells = [None; 7];
    let cases: [(&str, Cells, Cells); 4] = [
        (
            // 自然人 12 and 总计 12 with five blanks between; 予以公开 自然人 4, total blank.
            "一、本年新收政府信息公开申请数量\n\n12\n\n\n\n\n\n\n12\n\n二、上年结转政府信息公开申请数量\n\n\n\n\n\n\n\n\n三、本年度办理结果\n\n(一)予以公开\n\n4\n\n\n\n\n\n\n\n(二)部分公开\n",
            [Some(12.0), None, None, None, None, None, Some(12.0)],
            [Some(4.0), None, None, None, None, None, None],
        ),
        (
            // Only the total printed, after six blanks.
            "一、本年新收政府信息公开申请数量\n\n\n\n\n\n\n\n 0\n\n二、上年结转政府信息公开申请数量\n",
            [None, None, None, None, None, None, Some(0.0)],
            none,
        ),
        (
            // Blank lines that account for eight cells: not placed.
            "一、本年新收政府信息公开申请数量\n\n12\n\n\n\n\n\n\n\n12\n\n二、上年结转政府信息公开申请数量\n",
            none,
            none,
        ),
        (
            // The row ends the text: the blanks after it are unknown.
            "一、本年新收政府信息公开申请数量\n\n12\n\n\n\n\n\n\n12",
            none,
            none,
        ),
    ];
    for (rows, new, granted) in cases {
        let r = run(&text_doc(&format!("{head}{rows}")), Format::National2021);
        for (k, col) in T3Col::ALL.iter().enumerate() {
            assert_eq!(val(&r, &t3(T3Row::New, *col)), new[k], "{rows:?} {col:?}");
            assert_eq!(val(&r, &t3(T3Row::Granted, *col)), granted[k], "{rows:?} {col:?}");
        }
    }
}

/// A copy that lost table 二's first caption (第二十条第(一)项) opens the table with its header.
#[test]
fn table2_opened_by_its_header_row() {
    let text = "二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 1 | 2 |\n行政规范性文件 | 3 | 4 | 5 |\n第二十条第(五)项 |\n信息内容 | 本年处理决定数量 |\n行政许可 | 6 |\n";
    let r = run(&text_doc(text), Format::National2021);
    for (key, v) in [
        ("t2.rules.issued", 0.0),
        ("t2.rules.in_force", 2.0),
        ("t2.normative.issued", 3.0),
        ("t2.normative.in_force", 5.0),
        ("t2.licensing.decisions", 6.0),
    ] {
        assert_eq!(val(&r, key), Some(v), "{key}");
    }
}

/// A misprinted row: the printed 总计 row "191000019" breaks its own sum (19 + 1 ≠ 19, as the
/// printed 部分公开 row "8100008" does), and so does 一 + 二 = 总计 + 四 (the new applications
/// "190000019" count no 商业企业). The column rule 总计 = (一)…(六) that holds still fixes its one
/// reading; the auditor reports the broken rules as the source's.
#[test]
fn a_misprinted_total_row_is_read_by_the_column_rule_that_holds() {
    let text = t3_line_2021(&|r| match r {
        T3Row::New => "190000019".into(),
        T3Row::Granted => "6000006".into(),
        T3Row::Partial => "8100008".into(),
        T3Row::UnableNotHeld => "4000004".into(),
        T3Row::OtherOther => "1000001".into(),
        T3Row::Total => "191000019".into(),
        _ => "0000000".into(),
    });
    let r = run(&text_doc(&text), Format::National2021);
    let total: Vec<Option<f64>> = T3Col::ALL.iter().map(|c| val(&r, &t3(T3Row::Total, *c))).collect();
    assert_eq!(total, [19.0, 1.0, 0.0, 0.0, 0.0, 0.0, 19.0].map(Some), "{:?}", r.observations);
    assert_eq!(val(&r, "t3.new.natural"), Some(19.0));
}

/// An excerpt cut right after a row, with the start of what followed: the "2" of the next
/// label (table 三) or the "20" of a year (table 二) is no cell of the row.
#[test]
fn the_cut_residue_at_an_excerpt_end_is_no_cell() {
    let t3_text = "三、收到和处理政府信息公开申请情况 申请人情况 自然人 总计\n一、本年新收政府信息公开申请数量\n\n1\n\n0\n\n0\n\n0\n\n0\n\n0\n\n1\n\n二、上年结转政府信息公开申请数量\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n2";
    let r = run(&text_doc(t3_text), Format::National2019);
    assert_eq!(val(&r, "t3.new.total"), Some(1.0));
    assert_eq!(val(&r, "t3.carried_in.total"), Some(0.0), "{:?}", r.observations);
    let t2_text = "二、主动公开政府信息情况\n第二十条第(九)项\n\n信息内容\n\n采购项目数量\n\n采购总金额\n\n政府集中采购\n\n3\n\n12\n\n20";
    let r = run(&text_doc(t2_text), Format::National2019);
    assert_eq!(val(&r, "t2.procurement.items"), Some(3.0));
    assert_eq!(val(&r, "t2.procurement.amount"), Some(12.0), "{:?}", r.observations);
}

/// Cells that print their unit: a count with its unit in brackets ("16368(件)") and an amount
/// in 万 ("211.509万"), in a copy printing one cell per line.
#[test]
fn cells_with_their_units() {
    let text = "二、主动公开政府信息情况\n第二十条第(五)项 |\n|||\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n\
                行政许可 |\n18 |\n-2 |\n16368(件) |\n第二十条第(九)项 |\n|||\n信息内容 |\n采购项目数量 |\n采购总金额 |\n|\n\
                政府集中采购 |\n53 |\n211.509万 |\n三、收到和处理政府信息公开申请情况\n";
    let r = run(&text_doc(text), Format::National2019);
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(16368.0), "{:?}", r.observations);
    assert_eq!(val(&r, "t2.licensing.delta"), Some(-2.0));
    assert_eq!(val(&r, "t2.procurement.items"), Some(53.0));
    assert_eq!(val(&r, "t2.procurement.amount_wan"), Some(211.509));
}

/// "无" written in a count's cell is 0, also in a copy printing one cell per line (found by an
/// unseen county department's report, ia07, whose every zero is "无").
#[test]
fn none_in_words_is_zero() {
    let text = "二、主动公开政府信息情况\n第二十条第(一)项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n\
                规章 |\n无 |\n无 |\n无 |\n行政规范性文件 |\n2 |\n无 |\n5 |\n第二十条第(五)项 |\n|||\n信息内容 |\n\
                本年处理决定数量 |\n||\n行政许可 |\n无 |\n||\n三、收到和处理政府信息公开申请情况\n";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, "t2.rules.issued"), Some(0.0), "{:?}", r.observations);
    assert_eq!(val(&r, "t2.rules.in_force"), Some(0.0));
    assert_eq!(val(&r, "t2.normative.issued"), Some(2.0));
    assert_eq!(val(&r, "t2.normative.abolished"), Some(0.0));
    assert_eq!(val(&r, "t2.normative.in_force"), Some(5.0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(0.0));
}

/// A PDF's text taken in stream order (`pdftotext` without `-layout`, a viewer's copy) prints
/// the labels of a row group together and then all their figures, one per line; or a label,
/// its figures and those of the rows whose labels come elsewhere. Each seven add up; the
/// labels before, or the free rows between the labels around, place them.
#[test]
fn rows_printed_together_under_one_label() {
    let fig = |v: &[u32]| v.iter().map(|x| format!("{x}\n")).collect::<String>();
    let zeros = fig(&[0; 7]);
    let text = format!(
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n{}二、上年结转政府信息公开申请数量\n{zeros}\
         (一)予以公开\n{}(二)部分公开(区分处理的,只计这一情\n形,不计其他情形)\n{}{zeros}{zeros}\
         3.危及\"三安全一稳定\"\n{zeros}4.保护第三方合法权益\n{zeros}5.属于三类内部事务信息\n{zeros}\
         (三)不 1.属于国家秘密\n予公开 2.其他法律行政法规禁止公开\n6.属于四类过程性信息\n{zeros}\
         7.属于行政执法案卷\n{zeros}8.属于行政查询事项\n{zeros}\
         1.本机关不掌握相关政府信息\n(四)无\n2.没有现成信息需要另行制作\n法提供\n3.补正后申请内容仍不明确\n{}{}{}\
         1.信访举报投诉类申请\n{zeros}",
        fig(&[9, 1, 0, 0, 0, 0, 10]),
        fig(&[3, 0, 0, 0, 0, 0, 3]),
        fig(&[1, 0, 0, 0, 0, 0, 1]),
        fig(&[4, 1, 0, 0, 0, 0, 5]),
        fig(&[0, 0, 0, 0, 0, 0, 0]),
        fig(&[1, 0, 0, 0, 0, 0, 1]),
    );
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.partial.total"), Some(1.0), "{:?}", r.observations);
    assert_eq!(val(&r, "t3.denied.state_secret.total"), Some(0.0));
    assert_eq!(val(&r, "t3.denied.law_forbidden.natural"), Some(0.0));
    assert_eq!(val(&r, "t3.unable.not_held.total"), Some(5.0));
    assert_eq!(val(&r, "t3.unable.not_held.commercial"), Some(1.0));
    assert_eq!(val(&r, "t3.unable.needs_creation.total"), Some(0.0));
    assert_eq!(val(&r, "t3.unable.unclear.total"), Some(1.0));
    // Labels before the stack that are not next to each other in the table: the stack's own
    // label takes its first seven, and the rest must fill the rows up to the next label.
    let text = format!(
        "三、收到和处理政府信息公开申请情况\n(一)予以公开\n{}1.本机关不掌握相关政府信息\n1.信访举报投诉类申请\n{}{}",
        fig(&[3, 0, 0, 0, 0, 0, 3]),
        fig(&[4, 1, 0, 0, 0, 0, 5]),
        fig(&[1, 0, 0, 0, 0, 0, 1]),
    );
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.unable.not_held.total"), None, "{:?}", r.values);
    assert_eq!(val(&r, "t3.not_processed.petition.total"), None);
}

/// The same stream order in table 二: the row labels together at the top, then each block's
/// header and its figures on one line. The format fixes the rows' order in each block; a
/// block whose figures do not fill its rows exactly is left alone.
#[test]
fn table2_blocks_printed_apart_from_their_labels() {
    let text = "二、主动公开政府信息情况\n信息内容\n规章\n行政规范性文件\n信息内容\n行政许可\n信息内容\n行政处罚\n行政强制\n\
                信息内容\n行政事业性收费\n第二十条第(一)项\n本年制发件数\n本年废止件数\n现行有效件数 0 0 0 88 55 698\n\
                第二十条第(五)项\n本年处理决定数量 10690\n第二十条第(六)项\n本年处理决定数量 2113\n\
                第二十条第(八)项\n本年收费金额(单位:万元) 9116.36\n三、收到和处理政府信息公开申请情况\n";
    let r = run(&text_doc(text), Format::National2021);
    assert_eq!(val(&r, "t2.rules.issued"), Some(0.0), "{:?}", r.values);
    assert_eq!(val(&r, "t2.normative.issued"), Some(88.0));
    assert_eq!(val(&r, "t2.normative.in_force"), Some(698.0));
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(10690.0));
    assert_eq!(val(&r, "t2.fees.amount_wan"), Some(9116.36));
    // One figure for two rows: whose it is, the print does not say.
    assert_eq!(val(&r, "t2.penalty.decisions"), None);
    assert_eq!(val(&r, "t2.coercion.decisions"), None);
}

/// Table 二 printed one cell per line where a blank cell is one more blank line (a table
/// flattened into paragraphs keeps its empty ones): the blank lines place the figures.
#[test]
fn table2_blank_cells_as_blank_lines() {
    let text = "二、主动公开政府信息情况\n第二十条第(五)项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n\
                行政许可\n12\n\n0\n其他对外管理服务事项\n\n3\n4\n第二十条第(六)项\n三、收到和处理政府信息公开申请情况\n";
    let r = run(&text_doc(text), Format::National2019);
    assert_eq!(val(&r, "t2.licensing.prev_items"), Some(12.0), "{:?}", r.values);
    assert_eq!(val(&r, "t2.licensing.delta"), None);
    assert_eq!(val(&r, "t2.licensing.decisions"), Some(0.0));
    assert_eq!(val(&r, "t2.other_services.prev_items"), None);
    assert_eq!(val(&r, "t2.other_services.delta"), Some(3.0));
    assert_eq!(val(&r, "t2.other_services.decisions"), Some(4.0));
}

/// A table 三 mostly of blank cells, one cell per line and a blank cell one blank line (an
/// empty paragraph): blank lines stand before most labels too, so the spacing is read from
/// the gaps between figures printed side by side.
#[test]
fn mostly_blank_rows_placed_by_the_gaps_between_figures() {
    let blank_row = |label: &str| format!("{label}\n\n\n\n\n\n\n\n");
    let text = format!(
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\n103\n3\n\n\n\n\n107\n{}{}(一)予以公开\n41\n2\n\n\n\n\n44\n{}{}{}",
        blank_row("二、上年结转政府信息公开申请数量"),
        blank_row("三、本年度办理结果"),
        blank_row("(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
        "1.属于国家秘密\n0\n0\n0\n0\n0\n0\n0\n",
        blank_row("2.其他法律行政法规禁止公开"),
    );
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(103.0), "{:?}", r.observations);
    assert_eq!(val(&r, "t3.new.commercial"), Some(3.0));
    assert_eq!(val(&r, "t3.new.research"), None);
    assert_eq!(val(&r, "t3.new.total"), Some(107.0));
    assert_eq!(val(&r, "t3.granted.total"), Some(44.0));
    // Without a full row the gaps between figures are few and unlike; two figures standing
    // next to each other with no blank line between still show that none parts the cells.
    let text = text.replace("1.属于国家秘密\n0\n0\n0\n0\n0\n0\n0\n", &blank_row("1.属于国家秘密"));
    assert!(!text.contains("国家秘密\n0"));
    let r = run(&text_doc(&text), Format::National2021);
    assert_eq!(val(&r, "t3.new.natural"), Some(103.0), "{:?}", r.observations);
    assert_eq!(val(&r, "t3.new.total"), Some(107.0));
    assert_eq!(val(&r, "t3.granted.commercial"), Some(2.0));
}

/// A row whose label is not recognised ("3其他." with its point moved to the end, as a
/// converter that misplaces spans prints it) right above the total row: the total row's label
/// on the next line is that row's own, not the end of a wrapped label ("其他.(七)总计" named
/// the row 总计 and dropped the real total as a duplicate: two values wrong).
#[test]
fn the_next_rows_label_does_not_finish_a_label() {
    let text = "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n\
                一、本年新收政府信息公开申请数量 74 1 0 0 0 0 75\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n\
                3其他. 0 2 0 0 0 0 2\n（七）总计 72 3 0 0 0 0 75\n四、结转下年度继续办理 2 0 0 0 0 0 2\n";
    let r = run(&text_doc(text), Format::National2021);
    let total: Vec<Option<f64>> = T3Col::ALL.iter().map(|c| val(&r, &t3(T3Row::Total, *c))).collect();
    assert_eq!(total, [72.0, 3.0, 0.0, 0.0, 0.0, 0.0, 75.0].map(Some), "{:?}", r.observations);
}
