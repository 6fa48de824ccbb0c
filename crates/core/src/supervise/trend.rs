//! Across years and peers: year-on-year jumps of headline figures, and text copied from an
//! earlier year's report or a peer's (内容雷同, named a failing by 国办公开办函〔2021〕30号).

use std::collections::BTreeSet;

use crate::finding::{Finding, Rule, Severity};
use crate::report::Report;

/// Headline figures whose jumps a supervising office looks at.
pub const HEADLINE_KEYS: &[&str] = &[
    "t3.new.total",
    "t3.total.total",
    "t3.granted.total",
    "t4.review.total",
    "t2.licensing.decisions",
    "t2.penalty.decisions",
    "t2.coercion.decisions",
    "s.proactive.total",
    "s.requests.received",
];

/// A figure that grew or shrank by this factor or more is flagged.
pub const JUMP_FACTOR: f64 = 5.0;
/// Jumps among small numbers (3 → 16) are noise: the larger side must reach this.
pub const JUMP_FLOOR: f64 = 20.0;

/// Warnings for headline figures of `this` that are ×5 or ÷5 those of `last` (the year before).
pub fn jumps(last: &Report, this: &Report) -> Vec<Finding> {
    let (Some(y0), Some(y1)) = (last.year, this.year) else { return Vec::new() };
    let mut out = Vec::new();
    for &k in HEADLINE_KEYS {
        let (Some(a), Some(b)) = (last.num(k), this.num(k)) else { continue };
        if a.max(b) < JUMP_FLOOR {
            continue;
        }
        let jump = if a == 0.0 || b == 0.0 { true } else { (b / a).max(a / b) >= JUMP_FACTOR };
        if jump {
            out.push(Finding::new(
                Rule::YearOnYearJump,
                Severity::Warning,
                vec![k.to_string()],
                format!(
                    "“{}”由{y0}年的{}变为{y1}年的{}，变化超过{}倍，请核实",
                    crate::keys::label(k),
                    crate::audit::fmt_num(a),
                    crate::audit::fmt_num(b),
                    JUMP_FACTOR
                ),
            ));
        }
    }
    out
}

/// Shingle width in characters: long enough that common phrases of the genre (以公开为常态)
/// alone do not make two reports alike.
const SHINGLE: usize = 12;

/// The fingerprint of a text for 雷同 checks: hashed 12-character shingles of its letters, with
/// every digit folded to one symbol (a copy with only the year and the figures changed is still
/// a copy) and spaces and punctuation dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fingerprint(BTreeSet<u64>);

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let chars: Vec<char> =
            text.chars().filter(|c| c.is_alphanumeric()).map(|c| if c.is_numeric() { '#' } else { c }).collect();
        let mut set = BTreeSet::new();
        for w in chars.windows(SHINGLE) {
            // FNV-1a: stable across runs and platforms, so fingerprints can be stored.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for c in w {
                h ^= u64::from(*c);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            set.insert(h);
        }
        Fingerprint(set)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The share of this text's shingles that also stand in `other` (0–1).
    pub fn copied_from(&self, other: &Fingerprint) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        self.0.intersection(&other.0).count() as f64 / self.0.len() as f64
    }
}

/// A text counts as copied when this share of it stands in the other.
pub const COPY_SHARE: f64 = 0.5;
/// Texts shorter than this many shingles are not judged.
pub const MIN_SHINGLES: usize = 50;

/// A warning when `text` (of `year`) largely repeats `earlier` (a previous year's report of the
/// same agency, or a peer's report, named by `whose`).
pub fn copied(text: &Fingerprint, year: i32, earlier: &Fingerprint, whose: &str) -> Option<Finding> {
    if text.len() < MIN_SHINGLES || earlier.len() < MIN_SHINGLES {
        return None;
    }
    let share = text.copied_from(earlier);
    (share >= COPY_SHARE).then(|| {
        Finding::new(
            Rule::SimilarText,
            Severity::Warning,
            Vec::new(),
            format!("{year}年报告正文有{:.0}%与{whose}相同（内容雷同）", share * 100.0),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Figure;

    fn report(year: i32, values: &[(&str, i64)]) -> Report {
        Report {
            year: Some(year),
            values: values.iter().map(|(k, v)| (k.to_string(), Figure::Count(*v))).collect(),
            ..Report::default()
        }
    }

    #[test]
    fn jumps_of_five_times_are_flagged_and_small_numbers_are_not() {
        let cases = [
            // (last, this, flagged)
            (10, 60, true),
            (100, 19, true),
            (100, 21, false),
            (3, 16, false),
            (0, 25, true),
            (40, 40, false),
        ];
        for (a, b, flagged) in cases {
            let f = jumps(&report(2022, &[("t3.new.total", a)]), &report(2023, &[("t3.new.total", b)]));
            assert_eq!(!f.is_empty(), flagged, "{a} -> {b}");
        }
        let f = jumps(&report(2022, &[("t3.new.total", 10)]), &report(2023, &[("t3.new.total", 60)]));
        assert!(f[0].message.contains("由2022年的10变为2023年的60"), "{}", f[0].message);
    }

    #[test]
    fn a_copy_with_new_years_and_figures_is_found_and_different_text_is_not() {
        let last = "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息356条，其中政策文件12件，受理依申请公开3件，均按期答复。我局将继续加强政府信息公开平台建设，完善工作机制，强化监督保障，进一步提升政务公开质量。";
        let copy = last.replace("2022", "2023").replace("356", "402").replace("12件", "15件");
        let other = "本年度，本镇围绕乡村振兴、民生保障和安全生产开展政务公开，在镇政府网站专栏发布惠农补贴、低保名单和项目招投标信息，村务公开栏每季度更新一次，群众来电咨询均当场解答并登记台账，未发生因公开引起的复议诉讼事项，下一步将完善村级公开目录与考核办法。";
        let (a, b, c) = (Fingerprint::of(last), Fingerprint::of(&copy), Fingerprint::of(other));
        assert!(b.copied_from(&a) > 0.95);
        assert!(copied(&b, 2023, &a, "本机关2022年报告").is_some());
        assert!(c.copied_from(&a) < 0.1);
        assert!(copied(&c, 2023, &a, "本机关2022年报告").is_none());
        assert!(copied(&Fingerprint::of("短"), 2023, &a, "x").is_none());
    }
}
