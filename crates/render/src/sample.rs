//! Demo data for previews, examples and tests: a report compiled from invented records of an
//! imaginary agency, and one reply letter per outcome. Deterministic; no real persons.

use std::collections::BTreeMap;

use gongkai_core::case::review::{Remedy, RemedyKind, RemedyResult};
use gongkai_core::case::tally::CaseFacts;
use gongkai_core::case::{ApplicantKind, DenialReason, NotProcessedReason, OtherDisposition, Outcome, UnableReason};
use gongkai_core::compile::{self, FeePaid, Records};
use gongkai_core::{Figure, Report};
use jiff::civil::{Date, date};

use crate::letter::{LetterInput, ResponsibleOrgan};

/// The imaginary agency of the demo data.
pub const AGENCY: &str = "示例市示例局";

fn plus_days(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days)).expect("demo dates stay in range")
}

/// Invented records for a statistics year: applications of every outcome and applicant kind,
/// some carried in from the year before and some still open at its end.
pub fn records(year: i16) -> Records {
    let outcomes = Outcome::all();
    let mut cases = Vec::new();
    for i in 0..64usize {
        let applicant = if i % 3 != 0 { ApplicantKind::Natural } else { ApplicantKind::ALL[1 + i % 5] };
        let carried_in = i % 11 == 0;
        let received = if carried_in {
            date(year - 1, 12, 10 + (i % 15) as i8)
        } else {
            date(year, 1 + (i % 12) as i8, 1 + ((i * 3) % 28) as i8)
        };
        let outcome = outcomes[(i * 7) % outcomes.len()];
        let open = i % 17 == 5 || (received.month() == 12 && received.day() > 20 && !carried_in);
        let concluded = if open { None } else { Some((plus_days(received, 12 + (i % 9) as i64), outcome)) };
        cases.push(CaseFacts { applicant, received: Some(received), concluded });
    }
    let remedies = vec![
        Remedy {
            kind: RemedyKind::Review,
            filed_on: date(year, 3, 1),
            result: Some((date(year, 5, 10), RemedyResult::Upheld)),
        },
        Remedy {
            kind: RemedyKind::Review,
            filed_on: date(year, 8, 1),
            result: Some((date(year, 10, 9), RemedyResult::Corrected)),
        },
        Remedy { kind: RemedyKind::Review, filed_on: date(year, 12, 1), result: None },
        Remedy {
            kind: RemedyKind::SuitDirect,
            filed_on: date(year, 4, 2),
            result: Some((date(year, 9, 30), RemedyResult::Upheld)),
        },
    ];
    let fees = vec![
        FeePaid { paid_on: date(year, 6, 3), amount_yuan: 100 },
        FeePaid { paid_on: date(year, 9, 12), amount_yuan: 700 },
    ];
    let table2: BTreeMap<String, Figure> = if year >= 2021 {
        [
            ("t2.rules.issued", Figure::Count(1)),
            ("t2.rules.abolished", Figure::Count(0)),
            ("t2.rules.in_force", Figure::Count(12)),
            ("t2.normative.issued", Figure::Count(8)),
            ("t2.normative.abolished", Figure::Count(3)),
            ("t2.normative.in_force", Figure::Count(56)),
            ("t2.licensing.decisions", Figure::Count(1342)),
            ("t2.penalty.decisions", Figure::Count(87)),
            ("t2.coercion.decisions", Figure::Count(4)),
            ("t2.fees.amount_wan", Figure::Amount(12.35)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    } else {
        [
            ("t2.rules.new_made", Figure::Count(2)),
            ("t2.rules.new_published", Figure::Count(2)),
            ("t2.rules.published_total", Figure::Count(15)),
            ("t2.normative.new_made", Figure::Count(9)),
            ("t2.normative.new_published", Figure::Count(9)),
            ("t2.normative.published_total", Figure::Count(61)),
            ("t2.licensing.prev_items", Figure::Count(35)),
            ("t2.licensing.delta", Figure::Count(-2)),
            ("t2.licensing.decisions", Figure::Count(1210)),
            ("t2.procurement.items", Figure::Count(6)),
            ("t2.procurement.amount_wan", Figure::Amount(25.1)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    };
    Records { cases, remedies, fees, table2 }
}

/// The demo report of a year (2021 format from 2021, 2019 format for 2019 and 2020).
pub fn report(year: i16) -> Report {
    compile::compile(AGENCY, year, &records(year)).expect("demo records compile")
}

/// A letter input for an outcome, with the optional parts an office would fill in.
pub fn letter_input(outcome: Outcome) -> LetterInput {
    use DenialReason as D;
    use NotProcessedReason as N;
    use UnableReason as U;
    let mut input = LetterInput::new(
        AGENCY,
        "张某某",
        date(2025, 3, 3),
        "SL-2025-0042",
        vec!["2024年度示例区道路改造项目的立项批复文件".into(), "该项目的环境影响评价审批意见".into()],
        outcome,
        date(2025, 3, 28),
    );
    input.reasons = match outcome {
        Outcome::Granted { already_public: true } => {
            Some("该信息已在本机关门户网站“政府信息公开—法定主动公开内容—规划信息”栏目公开，您可以登录查阅。".into())
        }
        Outcome::Granted { already_public: false } => Some("现随本答复书向您提供上述政府信息的复印件。".into()),
        Outcome::Partial => Some("第2项信息中含有第三方个人信息，已作区分处理，其余内容随本答复书提供。".into()),
        Outcome::Denied(D::AdminQuery) => Some("您可以依照不动产登记的有关规定，向不动产登记机构申请查询。".into()),
        Outcome::Denied(_) => {
            Some("经书面征求第三方意见，第三方不同意公开，且不公开不会对公共利益造成重大影响。".into())
        }
        Outcome::Unable(U::NotThisOrgan) => Some("上述信息由示例市自然资源局制作并保存。".into()),
        Outcome::NotProcessed(N::Petition) => Some("您可以通过信访渠道向有关机关反映。".into()),
        Outcome::NotProcessed(N::Publication) => Some("该出版物可在示例市图书馆查阅。".into()),
        _ => None,
    };
    if outcome == Outcome::Unable(U::NotThisOrgan) {
        input.responsible_organ = Some(ResponsibleOrgan {
            name: "示例市自然资源局".into(),
            contact: "示例市人民路1号，电话0000-1234567".into(),
        });
    }
    if outcome == Outcome::Other(OtherDisposition::NoFee) {
        input.fee_yuan = Some(2200);
    }
    input
}

/// One outcome of each family of table 三 (予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理).
pub fn outcome_families() -> [(&'static str, Outcome); 6] {
    [
        ("granted", Outcome::Granted { already_public: false }),
        ("partial", Outcome::Partial),
        ("denied", Outcome::Denied(DenialReason::ThirdParty)),
        ("unable", Outcome::Unable(UnableReason::NotThisOrgan)),
        ("not_processed", Outcome::NotProcessed(NotProcessedReason::Duplicate)),
        ("other", Outcome::Other(OtherDisposition::NoFee)),
    ]
}
