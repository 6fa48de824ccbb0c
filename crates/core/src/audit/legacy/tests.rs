//! Tests of the legacy rules: tables of cases, worked examples.

use super::super::testutil::{Case, dump, fig, run_cases};
use crate::audit::audit;
use crate::finding::{Origin, Rule, Severity};
use crate::report::{CategoryList, Claim, DuplicateLabel, Evidence, Format, PercentClaim};

const REQ: [&str; 4] = ["s.requests.in_person", "s.requests.fax", "s.requests.online", "s.requests.letter"];

#[test]
fn channel_rules() {
    run_cases(&[
        Case::new("a channel above the total", &[("s.proactive.total", 93.0), ("s.channel.website", 12728.0)])
            .expect(Rule::SChannels, Severity::Warning, &["s.channel.website", "s.proactive.total"])
            .no_error(),
        Case::new(
            "channels within the total",
            &[("s.proactive.total", 93.0), ("s.channel.website", 93.0), ("s.channel.gazette", 5.0)],
        )
        .none(Rule::SChannels),
        Case::new(
            "five channels together below the total",
            &[
                ("s.proactive.total", 100.0),
                ("s.channel.gazette", 10.0),
                ("s.channel.website", 50.0),
                ("s.channel.weibo", 5.0),
                ("s.channel.wechat", 5.0),
                ("s.channel.other", 0.0),
            ],
        )
        .has(
            Rule::SChannels,
            Severity::Warning,
            &["s.proactive.total", "s.channel.website", "s.channel.other"],
        ),
        Case::new(
            "weibo and wechat printed together count as the two social channels",
            &[
                ("s.proactive.total", 100.0),
                ("s.channel.gazette", 10.0),
                ("s.channel.website", 100.0),
                ("s.channel.weibo_wechat", 20.0),
                ("s.channel.other", 0.0),
            ],
        )
        .none(Rule::SChannels),
        Case::new(
            "not all channels printed: no coverage check",
            &[("s.proactive.total", 100.0), ("s.channel.website", 50.0)],
        )
        .none(Rule::SChannels),
    ]);
}

#[test]
fn sum_rules() {
    let req = |v: [f64; 4], total: f64| -> Vec<(&'static str, f64)> {
        let mut x: Vec<(&str, f64)> = REQ.iter().copied().zip(v).collect();
        x.push(("s.requests.received", total));
        x
    };
    run_cases(&[
        Case::new("requests: channels broken", &req([1.0, 0.0, 2.0, 1.0], 5.0)).format(Format::LegacyStats).expect(
            Rule::SRequestChannels,
            Severity::Error,
            &[
                "s.requests.received",
                "s.requests.in_person",
                "s.requests.fax",
                "s.requests.online",
                "s.requests.letter",
            ],
        ),
        Case::new("requests: channels hold", &req([1.0, 0.0, 3.0, 1.0], 5.0)).none(Rule::SRequestChannels),
        Case::new("requests: e-mail counts when given", &{
            let mut v = req([1.0, 0.0, 3.0, 1.0], 7.0);
            v.push(("s.requests.email", 2.0));
            v
        })
        .none(Rule::SRequestChannels),
        Case::new(
            "requests: stated items above the total",
            &[("s.requests.received", 1.0), ("s.requests.online", 3.0)],
        )
        .format(Format::LegacyText)
        .expect(Rule::SRequestChannels, Severity::Error, &["s.requests.received", "s.requests.online"]),
        Case::new(
            "requests: only some items in the text (seed 001)",
            &[("s.requests.received", 5.0), ("s.requests.letter", 1.0)],
        )
        .format(Format::LegacyText)
        .none(Rule::SRequestChannels),
        Case::new("requests: a short table is a warning", &[("s.requests.received", 5.0), ("s.requests.letter", 1.0)])
            .format(Format::LegacyStats)
            .expect(Rule::SRequestChannels, Severity::Warning, &["s.requests.received", "s.requests.letter"]),
        Case::new(
            "closed broken",
            &[("s.requests.closed", 5.0), ("s.requests.closed_on_time", 3.0), ("s.requests.closed_extended", 1.0)],
        )
        .expect(
            Rule::SClosed,
            Severity::Error,
            &["s.requests.closed", "s.requests.closed_on_time", "s.requests.closed_extended"],
        ),
        Case::new(
            "replies: the merged 非本机关或信息不存在 is one kind (seed 003)",
            &[
                ("s.replies.total", 6.0),
                ("s.replies.granted", 0.0),
                ("s.replies.partial", 0.0),
                ("s.replies.not_this_agency_or_not_exist", 6.0),
            ],
        )
        .format(Format::LegacyStats)
        .none(Rule::SReplies),
        Case::new(
            "replies: total broken",
            &[
                ("s.replies.total", 10.0),
                ("s.replies.already_public", 1.0),
                ("s.replies.granted", 2.0),
                ("s.replies.partial", 1.0),
                ("s.replies.denied", 1.0),
                ("s.replies.not_this_agency", 1.0),
                ("s.replies.not_exist", 1.0),
                ("s.replies.correction", 1.0),
                ("s.replies.other_channel", 1.0),
            ],
        )
        .has(
            Rule::SReplies,
            Severity::Error,
            &["s.replies.total", "s.replies.not_exist", "s.replies.other_channel"],
        ),
        Case::new(
            "replies: denied reasons broken",
            &[
                ("s.replies.denied", 3.0),
                ("s.replies.denied_state_secret", 0.0),
                ("s.replies.denied_commercial_secret", 1.0),
                ("s.replies.denied_privacy", 1.0),
                ("s.replies.denied_security", 0.0),
                ("s.replies.denied_not_gov_info", 0.0),
                ("s.replies.denied_other_law", 0.0),
            ],
        )
        .has(Rule::SReplies, Severity::Error, &["s.replies.denied", "s.replies.denied_privacy"]),
        Case::new(
            "review broken",
            &[("s.review.total", 3.0), ("s.review.upheld", 1.0), ("s.review.corrected", 1.0), ("s.review.other", 0.0)],
        )
        .expect(
            Rule::SReviewSuit,
            Severity::Error,
            &["s.review.total", "s.review.upheld", "s.review.corrected", "s.review.other"],
        ),
        Case::new(
            "suit holds",
            &[("s.suit.total", 2.0), ("s.suit.upheld", 1.0), ("s.suit.corrected", 1.0), ("s.suit.other", 0.0)],
        )
        .none(Rule::SReviewSuit),
        Case::new("review total alone (seed 001)", &[("s.review.total", 1.0)]).none(Rule::SReviewSuit),
        Case::new("staff broken", &[("s.org.staff", 3.0), ("s.org.staff_full", 1.0), ("s.org.staff_part", 1.0)])
            .expect(Rule::SStaff, Severity::Error, &["s.org.staff", "s.org.staff_full", "s.org.staff_part"]),
        Case::new("staff alone (seed 004)", &[("s.org.staff", 3.0)]).none(Rule::SStaff),
        Case::new(
            "consultations broken",
            &[
                ("s.consult.total", 20.0),
                ("s.consult.phone", 12.0),
                ("s.consult.in_person", 7.0),
                ("s.consult.online", 0.0),
            ],
        )
        .expect(
            Rule::CategorySum,
            Severity::Warning,
            &["s.consult.total", "s.consult.phone", "s.consult.in_person", "s.consult.online"],
        ),
        Case::new(
            "consultations hold (seed 004)",
            &[
                ("s.consult.total", 20.0),
                ("s.consult.phone", 12.0),
                ("s.consult.in_person", 8.0),
                ("s.consult.online", 0.0),
            ],
        )
        .none(Rule::CategorySum),
        Case::new(
            "a recovered item makes a broken sum a reading warning",
            &[("s.org.staff", 3.0), ("s.org.staff_full", 11.0), ("s.org.staff_part", 1.0)],
        )
        .recovered("s.org.staff_full")
        .expect(Rule::SStaff, Severity::Warning, &["s.org.staff", "s.org.staff_full", "s.org.staff_part"])
        .origin(Rule::SStaff, Origin::Reading),
    ]);
}

#[test]
fn sub_item_and_done_rules() {
    run_cases(&[
        Case::new("其中 above its parent", &[("s.proactive.total", 10.0), ("s.proactive.normative", 12.0)]).expect(
            Rule::SSubItem,
            Severity::Error,
            &["s.proactive.normative", "s.proactive.total"],
        ),
        Case::new(
            "leader press conferences above all",
            &[("s.response.press_conferences", 1.0), ("s.response.press_conferences_lead", 2.0)],
        )
        .expect(
            Rule::SSubItem,
            Severity::Error,
            &["s.response.press_conferences_lead", "s.response.press_conferences"],
        ),
        Case::new(
            "leader interviews within all",
            &[("s.response.online_interviews", 2.0), ("s.response.online_interviews_lead", 2.0)],
        )
        .none(Rule::SSubItem),
        Case::new(
            "normative documents published above those issued",
            &[("s.proactive.normative", 5.0), ("s.proactive.normative_issued", 3.0)],
        )
        .expect(Rule::SSubItem, Severity::Warning, &["s.proactive.normative", "s.proactive.normative_issued"]),
        Case::new("replies differ from closed", &[("s.replies.total", 6.0), ("s.requests.closed", 5.0)]).expect(
            Rule::SDone,
            Severity::Warning,
            &["s.replies.total", "s.requests.closed"],
        ),
        Case::new("closed above received", &[("s.requests.closed", 6.0), ("s.requests.received", 5.0)]).expect(
            Rule::SDone,
            Severity::Warning,
            &["s.requests.closed", "s.requests.received"],
        ),
        Case::new("closed equal to received (seed 001)", &[("s.requests.closed", 1.0), ("s.requests.received", 1.0)])
            .none(Rule::SDone),
    ]);
}

fn ev(line: usize, text: &str) -> Evidence {
    Evidence::at_line(line, text)
}

/// Seed 000 (衡阳市国资委 2016, indicator table): two narrative figures differ from the table.
#[test]
fn seed_000_text_table_mismatches() {
    let values = [
        ("s.proactive.total", 258.0),
        ("s.proactive.normative", 0.0),
        ("s.proactive.normative_issued", 0.0),
        ("s.channel.gazette", 0.0),
        ("s.channel.website", 258.0),
        ("s.channel.weibo", 0.0),
        ("s.channel.wechat", 0.0),
        ("s.channel.other", 10.0),
        ("s.requests.received", 0.0),
        ("s.requests.in_person", 0.0),
        ("s.requests.fax", 0.0),
        ("s.requests.online", 0.0),
        ("s.requests.letter", 0.0),
        ("s.requests.closed", 0.0),
        ("s.requests.closed_on_time", 0.0),
        ("s.requests.closed_extended", 0.0),
        ("s.replies.total", 0.0),
        ("s.replies.granted", 0.0),
        ("s.review.total", 0.0),
        ("s.review.upheld", 0.0),
        ("s.review.corrected", 0.0),
        ("s.review.other", 0.0),
        ("s.org.staff", 1.0),
        ("s.org.staff_full", 0.0),
        ("s.org.staff_part", 1.0),
        ("s.org.budget_wan", 8.0),
        ("s.fees_wan", 0.0),
    ];
    let case = Case::new("seed 000", &values)
        .format(Format::LegacyStats)
        .with(|r| {
            r.observations.claims = vec![
                Claim {
                    key: "s.channel.website".into(),
                    value: fig(253.0),
                    evidence: ev(12, "通过政府网站公开信息253条"),
                },
                Claim {
                    key: "s.requests.received".into(), value: fig(1.0), evidence: ev(20, "收到依申请公开1件")
                },
                Claim { key: "s.proactive.total".into(), value: fig(258.0), evidence: ev(11, "主动公开258条") },
            ]
        })
        .expect(Rule::TextTableMismatch, Severity::Warning, &["s.channel.website"])
        .expect(Rule::TextTableMismatch, Severity::Warning, &["s.requests.received"])
        .count(Rule::TextTableMismatch, 2)
        .origin(Rule::TextTableMismatch, Origin::Source)
        .no_error();
    run_cases(&[case]);
}

/// Seed 001 (随县 2017, narrative only): 11785/16499 = 71.4% printed as 72%.
#[test]
fn seed_001_percent_mismatch() {
    let values = [
        ("s.proactive.total", 16499.0),
        ("s.channel.website", 16499.0),
        ("s.channel.weibo", 211.0),
        ("s.channel.wechat", 710.0),
        ("s.channel.other", 1986.0),
        ("s.requests.received", 1.0),
        ("s.requests.letter", 1.0),
        ("s.requests.closed", 1.0),
        ("s.review.total", 1.0),
        ("s.suit.total", 0.0),
        ("s.fees_wan", 0.0),
    ];
    let cats = [
        ("机构职能类", 352.0, 2.0),
        ("法规文件类", 288.0, 2.0),
        ("业务动态类", 11785.0, 72.0),
        ("行政执法类", 892.0, 5.0),
        ("其他信息", 3182.0, 19.0),
    ];
    let case = Case::new("seed 001", &values)
        .format(Format::LegacyText)
        .with(|r| {
            let e = ev(16, "全县各级行政机关全年主动公开政府信息16499条");
            r.observations.percents = cats
                .iter()
                .map(|(l, part, pct)| PercentClaim {
                    label: l.to_string(),
                    part: *part,
                    whole: 16499.0,
                    stated: *pct,
                    evidence: e.clone(),
                })
                .collect();
            r.observations.categories = vec![CategoryList {
                total_key: Some("s.proactive.total".into()),
                label: "主动公开政府信息".into(),
                total: 16499.0,
                parts: cats.iter().map(|(l, v, _)| (l.to_string(), *v)).collect(),
                evidence: e,
            }];
        })
        .expect(Rule::PercentMismatch, Severity::Warning, &["s.proactive.total"])
        .count(Rule::PercentMismatch, 1)
        .none(Rule::CategorySum)
        .no_error();
    run_cases(&[case]);
}

/// Seed 003 (广州市从化区 2016): 网站 12728 > 主动公开 93; “同意公开” twice in 附表2.
#[test]
fn seed_003_channels_and_duplicate_label() {
    let values = [
        ("s.proactive.total", 93.0),
        ("s.channel.website", 12728.0),
        ("s.channel.gazette", 62.0),
        ("s.channel.weibo_wechat", 361.0),
        ("s.response.hot_topics", 2.0),
        ("s.requests.received", 6.0),
        ("s.requests.online", 0.0),
        ("s.requests.letter", 6.0),
        ("s.requests.in_person", 0.0),
        ("s.requests.fax", 0.0),
        ("s.requests.other_form", 0.0),
        ("s.replies.total", 6.0),
        ("s.replies.granted", 0.0),
        ("s.replies.partial", 0.0),
        ("s.replies.not_this_agency_or_not_exist", 6.0),
        ("s.fees_yuan", 0.0),
        ("s.review.total", 0.0),
        ("s.suit.total", 0.0),
    ];
    let case = Case::new("seed 003", &values)
        .format(Format::LegacyStats)
        .with(|r| {
            r.observations.duplicate_labels = vec![DuplicateLabel {
                label: "同意公开".into(),
                key: Some("s.replies.granted".into()),
                table: "附表2".into(),
                positions: vec!["第1项".into(), "第3项".into()],
                evidence: vec![ev(157, "其中:1.同意公开"), ev(165, "3.同意公开")],
            }];
            r.observations.categories = vec![CategoryList {
                total_key: Some("s.proactive.total".into()),
                label: "主动公开政府信息".into(),
                total: 93.0,
                parts: [3.0, 14.0, 19.0, 32.0, 3.0, 6.0, 16.0].iter().map(|v| ("类".to_string(), *v)).collect(),
                evidence: ev(27, "全年主动公开政府信息93条"),
            }];
        })
        .expect(Rule::SChannels, Severity::Warning, &["s.channel.website", "s.proactive.total"])
        .expect(Rule::DuplicateLabel, Severity::Warning, &["s.replies.granted"])
        .none(Rule::CategorySum)
        .none(Rule::SReplies)
        .none(Rule::SRequestChannels)
        .no_error();
    run_cases(&[case]);
    let r = Case::new("seed 003 messages", &values).format(Format::LegacyStats).report;
    let found = audit(&r);
    let f = found.iter().find(|f| f.keys.first().map(String::as_str) == Some("s.channel.website")).expect("website");
    assert!(f.message.contains("12728条") && f.message.contains("93条"), "{}", dump(&found));
    assert_eq!(f.evidence.len(), 2);
}
