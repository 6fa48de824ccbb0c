//! Indicators (指标) of one agency or one roll-up: figures a supervising office compares, each
//! with the way it was computed, and rankings only where the sample is large enough.

use serde::Serialize;

use crate::keys::{T3Col, T3Row, T4Group, T4Result, t3, t4};
use std::collections::BTreeMap;

use crate::report::{Figure, Report};

/// A ratio with its parts, so every figure can say how it was computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    pub part: i64,
    pub whole: i64,
}

impl Ratio {
    /// `None` when the whole is 0 (a rate of nothing is not 0 %).
    pub fn value(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }
    /// "87.5%（7/8）" or "—（0件）".
    pub fn describe(self) -> String {
        match self.value() {
            Some(v) => format!("{:.1}%（{}/{}）", v * 100.0, self.part, self.whole),
            None => "—（无可计算的件数）".to_string(),
        }
    }
}

/// The indicators of one report (an agency's or a roll-up's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    /// 本年新收 + 上年结转 (总计列).
    pub applications: Option<i64>,
    /// 本年度办理结果·总计.
    pub concluded: Option<i64>,
    /// (予以公开 + 部分公开) / 办结.
    pub disclosure_rate: Option<Ratio>,
    /// 行政复议 结果纠正 / 已审结 (总计 − 尚未审结).
    pub review_correction_rate: Option<Ratio>,
    /// 行政诉讼 (两类合计) 结果纠正 / 已审结.
    pub suit_correction_rate: Option<Ratio>,
}

/// 办理时效 of the answers given on this platform (counted from its cases, not read from any
/// report): how many, how many kept their deadline, and the working days they took in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Punctuality {
    pub answered: i64,
    pub on_time: i64,
    pub working_days: i64,
}

impl Punctuality {
    pub fn add(&mut self, other: &Punctuality) {
        self.answered += other.answered;
        self.on_time += other.on_time;
        self.working_days += other.working_days;
    }
    /// 按期答复率; `None` without answers.
    pub fn on_time_rate(&self) -> Option<Ratio> {
        (self.answered > 0).then_some(Ratio { part: self.on_time, whole: self.answered })
    }
    /// Average working days to an answer; `None` without answers.
    pub fn average_days(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.working_days as f64 / self.answered as f64)
    }
    /// "8.4个工作日（12件）" or "—".
    pub fn describe_average(&self) -> String {
        match self.average_days() {
            Some(d) => format!("{d:.1}个工作日（{}件）", self.answered),
            None => "—".to_string(),
        }
    }
}

/// How each indicator is computed, in the words shown beside it.
pub const METHODS: &[(&str, &str)] = &[
    ("applications", "申请数 = 表三“本年新收”总计 + “上年结转”总计"),
    ("concluded", "办结数 = 表三“本年度办理结果·总计”的总计列"),
    ("disclosure_rate", "公开率 = （予以公开 + 部分公开）÷ 办结数"),
    ("review_correction_rate", "复议纠错率 = 表四行政复议“结果纠正”÷（总计 − 尚未审结）"),
    ("suit_correction_rate", "诉讼纠错率 = 表四两类行政诉讼“结果纠正”之和 ÷（总计 − 尚未审结）之和"),
    (
        "on_time_rate",
        "按期答复率（仅本平台办理的申请）= 在答复期限内答复的件数 ÷ 年内答复件数；撤回、逾期未补正、逾期未缴费不计",
    ),
    (
        "average_days",
        "平均办理工作日（仅本平台）= 自收到申请（补正后重新起算）至答复之日的工作日之和 ÷ 答复件数，征求意见期间不计",
    ),
];

fn count(r: &BTreeMap<String, Figure>, key: &str) -> Option<i64> {
    r.get(key).and_then(|f| f.as_count())
}

impl Indicators {
    pub fn of(r: &Report) -> Indicators {
        Indicators::of_values(&r.values)
    }

    /// The indicators of a report's values (e.g. of a roll-up).
    pub fn of_values(r: &BTreeMap<String, Figure>) -> Indicators {
        let total = |row| count(r, &t3(row, T3Col::Total));
        let applications = match (total(T3Row::New), total(T3Row::CarriedIn)) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        };
        let concluded = total(T3Row::Total);
        let disclosure_rate = concluded.and_then(|whole| {
            let granted = total(T3Row::Granted)?;
            Some(Ratio { part: granted + total(T3Row::Partial).unwrap_or(0), whole })
        });
        let settled = |groups: &[T4Group]| -> Option<Ratio> {
            let mut part = 0;
            let mut whole = 0;
            let mut any = false;
            for &g in groups {
                let Some(t) = count(r, &t4(g, T4Result::Total)) else { continue };
                any = true;
                whole += t - count(r, &t4(g, T4Result::Pending)).unwrap_or(0);
                part += count(r, &t4(g, T4Result::Corrected)).unwrap_or(0);
            }
            any.then_some(Ratio { part, whole })
        };
        Indicators {
            applications,
            concluded,
            disclosure_rate,
            review_correction_rate: settled(&[T4Group::Review]),
            suit_correction_rate: settled(&[T4Group::SuitDirect, T4Group::SuitAfterReview]),
        }
    }
}

/// Agencies ranked by a rate, highest first, with those whose sample is below `min_sample`
/// kept apart: a rate of 3 applications ranks nobody.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking<T> {
    pub ranked: Vec<(T, Ratio)>,
    pub too_small: Vec<(T, Ratio)>,
    pub min_sample: i64,
}

/// The least sample a ranking counts by default (e.g. 30 applications).
pub const MIN_SAMPLE: i64 = 30;

pub fn rank<T: Clone>(entries: impl IntoIterator<Item = (T, Ratio)>, min_sample: i64) -> Ranking<T> {
    let (mut ranked, too_small): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(_, r)| r.whole >= min_sample);
    ranked.sort_by(|a, b| {
        let (x, y) = (a.1.value().unwrap_or(0.0), b.1.value().unwrap_or(0.0));
        y.total_cmp(&x).then(b.1.whole.cmp(&a.1.whole))
    });
    Ranking { ranked, too_small, min_sample }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_say_what_they_count() {
        let mut r = Report::default();
        for (k, v) in [
            ("t3.new.total", 30),
            ("t3.carried_in.total", 2),
            ("t3.granted.total", 10),
            ("t3.partial.total", 4),
            ("t3.total.total", 28),
            ("t4.review.total", 5),
            ("t4.review.pending", 1),
            ("t4.review.corrected", 1),
        ] {
            r.values.insert(k.into(), Figure::Count(v));
        }
        let i = Indicators::of(&r);
        assert_eq!(i.applications, Some(32));
        assert_eq!(i.disclosure_rate, Some(Ratio { part: 14, whole: 28 }));
        assert_eq!(i.disclosure_rate.unwrap().describe(), "50.0%（14/28）");
        assert_eq!(i.review_correction_rate, Some(Ratio { part: 1, whole: 4 }));
        assert_eq!(i.suit_correction_rate, None);
        assert_eq!(Ratio { part: 0, whole: 0 }.value(), None);
        assert_eq!(METHODS.len(), 7);
        let mut p = Punctuality { answered: 4, on_time: 3, working_days: 30 };
        p.add(&Punctuality { answered: 1, on_time: 1, working_days: 4 });
        assert_eq!(p.on_time_rate().unwrap().describe(), "80.0%（4/5）");
        assert_eq!(p.describe_average(), "6.8个工作日（5件）");
        assert_eq!(Punctuality::default().on_time_rate(), None);
        assert_eq!(Punctuality::default().describe_average(), "—");
    }

    #[test]
    fn small_samples_are_not_ranked() {
        let r = rank(
            [
                ("a", Ratio { part: 3, whole: 3 }),
                ("b", Ratio { part: 30, whole: 40 }),
                ("c", Ratio { part: 39, whole: 40 }),
            ],
            30,
        );
        assert_eq!(r.ranked.iter().map(|e| e.0).collect::<Vec<_>>(), ["c", "b"]);
        assert_eq!(r.too_small.len(), 1);
    }
}
