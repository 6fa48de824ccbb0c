//! Tests of the text rules: tables of cases, worked examples.

use super::super::testutil::{Case, dump, fig, report, run_cases};
use super::decimals;
use crate::audit::audit;
use crate::finding::{Origin, Rule, Severity};
use crate::report::{CategoryList, Claim, DuplicateLabel, Evidence, Format, PercentClaim, PeriodStatement, Uncertain};

fn claim(key: &str, v: f64) -> Claim {
    Claim { key: key.into(), value: fig(v), evidence: Evidence::at_line(5, "正文") }
}

fn pct(part: f64, whole: f64, stated: f64) -> PercentClaim {
    PercentClaim { label: "业务动态类".into(), part, whole, stated, evidence: Evidence::at_line(7, "占") }
}

fn cats(total: f64, parts: &[f64], key: Option<&str>) -> CategoryList {
    CategoryList {
        total_key: key.map(String::from),
        label: "主动公开政府信息".into(),
        total,
        parts: parts.iter().enumerate().map(|(i, v)| (format!("第{}类", i + 1), *v)).collect(),
        evidence: Evidence::at_line(3, "其中"),
    }
}

#[test]
fn observation_rules() {
    let total = [("s.proactive.total", 16499.0)];
    run_cases(&[
        Case::new("claim differs from the table", &[("s.channel.website", 258.0)])
            .with(|r| r.observations.claims.push(claim("s.channel.website", 253.0)))
            .expect(Rule::TextTableMismatch, Severity::Warning, &["s.channel.website"])
            .origin(Rule::TextTableMismatch, Origin::Source),
        Case::new("claim equal to the table", &[("s.channel.website", 258.0)])
            .with(|r| r.observations.claims.push(claim("s.channel.website", 258.0)))
            .none(Rule::TextTableMismatch),
        Case::new("claim of a figure the table lacks", &[])
            .with(|r| r.observations.claims.push(claim("s.channel.website", 258.0)))
            .none(Rule::TextTableMismatch),
        Case::new("the same claim twice gives one finding", &[("t3.new.total", 10.0)])
            .with(|r| {
                r.observations.claims.push(claim("t3.new.total", 12.0));
                r.observations.claims.push(claim("t3.new.total", 12.0));
            })
            .count(Rule::TextTableMismatch, 1),
        Case::new("claim against a recovered cell is a reading warning", &[("t3.new.total", 10.0)])
            .recovered("t3.new.total")
            .with(|r| r.observations.claims.push(claim("t3.new.total", 12.0)))
            .origin(Rule::TextTableMismatch, Origin::Reading),
        Case::new("72% for 71.4% is flagged", &total)
            .with(|r| r.observations.percents.push(pct(11785.0, 16499.0, 72.0)))
            .expect(Rule::PercentMismatch, Severity::Warning, &["s.proactive.total"]),
        Case::new("2% for 2.1% is fine", &total)
            .with(|r| r.observations.percents.push(pct(352.0, 16499.0, 2.0)))
            .none(Rule::PercentMismatch),
        Case::new("71.4% for 71.43% is fine", &total)
            .with(|r| r.observations.percents.push(pct(11785.0, 16499.0, 71.4)))
            .none(Rule::PercentMismatch),
        Case::new("71.5% for 71.43% is flagged", &total)
            .with(|r| r.observations.percents.push(pct(11785.0, 16499.0, 71.5)))
            .count(Rule::PercentMismatch, 1),
        Case::new("a half rounds either way", &[])
            .with(|r| r.observations.percents.push(pct(1.0, 8.0, 13.0)))
            .none(Rule::PercentMismatch),
        Case::new("whole not a report figure: no keys", &[])
            .with(|r| r.observations.percents.push(pct(1.0, 3.0, 50.0)))
            .expect(Rule::PercentMismatch, Severity::Warning, &[]),
        Case::new("categories short of the total", &total)
            .with(|r| {
                r.observations.categories.push(cats(
                    16499.0,
                    &[352.0, 288.0, 11785.0, 892.0],
                    Some("s.proactive.total"),
                ))
            })
            .expect(Rule::CategorySum, Severity::Warning, &["s.proactive.total"]),
        Case::new("categories add up", &[])
            .with(|r| r.observations.categories.push(cats(93.0, &[3.0, 14.0, 19.0, 32.0, 3.0, 6.0, 16.0], None)))
            .none(Rule::CategorySum),
        Case::new("rounded amounts add up within rounding", &[])
            .with(|r| r.observations.categories.push(cats(1.0, &[0.33, 0.33, 0.33], None)))
            .none(Rule::CategorySum),
        Case::new("amounts off by more than rounding", &[])
            .with(|r| r.observations.categories.push(cats(1.5, &[0.33, 0.33, 0.33], None)))
            .expect(Rule::CategorySum, Severity::Warning, &[]),
        Case::new("duplicate label", &[])
            .with(|r| {
                r.observations.duplicate_labels.push(DuplicateLabel {
                    label: "同意公开".into(),
                    key: Some("s.replies.granted".into()),
                    table: "附表2".into(),
                    positions: vec!["第1项".into(), "第3项".into()],
                    evidence: vec![Evidence::at_line(1, "1.同意公开"), Evidence::at_line(3, "3.同意公开")],
                })
            })
            .expect(Rule::DuplicateLabel, Severity::Warning, &["s.replies.granted"]),
        Case::new("period differs from the title", &[])
            .with(|r| {
                r.observations.period = Some(PeriodStatement {
                    period_year: 2015,
                    title_year: 2016,
                    evidence: Evidence::at_line(2, "2015年1月1日"),
                })
            })
            .expect(Rule::YearMismatch, Severity::Warning, &[]),
        Case::new("period matches the title", &[])
            .with(|r| {
                r.observations.period = Some(PeriodStatement {
                    period_year: 2016,
                    title_year: 2016,
                    evidence: Evidence::at_line(2, "2016年"),
                })
            })
            .none(Rule::YearMismatch),
        Case::new("uncertain cells are reading warnings", &[("t3.new.natural", 12.0), ("t3.new.commercial", 60.0)])
            .uncertain(&["t3.new.natural", "t3.new.commercial"], "粘连数字“1260”有多种拆分方式")
            .expect(Rule::UncertainReading, Severity::Warning, &["t3.new.natural", "t3.new.commercial"])
            .origin(Rule::UncertainReading, Origin::Reading),
    ]);
}

#[test]
fn messages() {
    let mut r = report(Some(Format::LegacyText), &[("s.proactive.total", 16499.0)]);
    r.observations.percents.push(PercentClaim {
        label: "业务动态类".into(),
        part: 11785.0,
        whole: 16499.0,
        stated: 72.0,
        evidence: Evidence::at_line(16, "业务动态类信息11785条，占72%"),
    });
    r.observations.uncertain.push(Uncertain {
        keys: vec!["s.proactive.total".into()],
        reason: "数字跨行".into(),
        evidence: Evidence::at_line(16, "16499"),
    });
    let found = audit(&r);
    let p = found.iter().find(|f| f.rule == Rule::PercentMismatch).expect("percent");
    assert_eq!(
        p.message,
        "业务动态类11785条占16499条的71.4%，正文写作72%（涉及的数字系从粘连或存疑的单元格中识别，请先核对原文）"
    );
    assert_eq!(p.origin, Origin::Reading);
    assert_eq!(p.evidence[0].line, Some(16));
    let u = found.iter().find(|f| f.rule == Rule::UncertainReading).expect("uncertain");
    assert!(u.message.contains("主动公开政府信息数”读作16499条"), "{}", dump(&found));

    let mut r = report(Some(Format::LegacyStats), &[("s.channel.website", 258.0)]);
    r.observations.claims.push(claim("s.channel.website", 253.0));
    let found = audit(&r);
    assert_eq!(found[0].message, "正文称政府网站公开政府信息253条，附表为258条");
    assert_eq!(found[0].evidence.len(), 2, "the text line and the table cell");
}

#[test]
fn printed_precision() {
    for (x, d) in [(72.0, 0), (71.4, 1), (2.05, 2), (0.125, 3)] {
        assert_eq!(decimals(x), d, "{x}");
    }
}
