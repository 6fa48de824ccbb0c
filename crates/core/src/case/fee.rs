//! 信息处理费 under 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号): per application
//! (按件计收, by the applicant's count in the natural month) or per page (按量计收).

use serde::{Deserialize, Serialize};

/// The charging method chosen for one application; the organ may not combine them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum FeeBasis {
    /// 按件计收: `nth_in_month` is the application's position among the same applicant's
    /// applications to this organ in the natural month (1-based).
    PerApplication { nth_in_month: u32 },
    /// 按量计收: pages provided for this application.
    PerPage { pages: u32 },
}

/// The largest fee one notice may ask for, in yuan. The top band of 109号 (40 yuan a page above
/// 200 pages) reaches it only past 25,000 pages; anything above is a typing error or an attack,
/// and letting it through would wrap the year's total in the annual report.
pub const MAX_FEE_YUAN: u64 = 1_000_000;

/// The fee in yuan for one application (Art. 4 and 5 of 109号; excess-progressive bands).
pub fn fee_yuan(basis: FeeBasis) -> u64 {
    match basis {
        FeeBasis::PerApplication { nth_in_month: k } => per_application(k),
        FeeBasis::PerPage { pages } => per_page(pages),
    }
}

/// Rate for the k-th application in the month: 1–10 free, 11–30 100 元, then each band of ten
/// 100 元 more (31–40: 200 元; reading of regulation.md §9.2, marked unverified there).
fn per_application(k: u32) -> u64 {
    match k {
        0..=10 => 0,
        11..=30 => 100,
        _ => 100 * (u64::from(k - 31) / 10 + 2),
    }
}

/// Pages 1–30 free, 31–100 10 元/页, 101–200 20 元/页, above 200 40 元/页; each rate applies to
/// the pages in its band only.
fn per_page(p: u32) -> u64 {
    let p = u64::from(p);
    10 * p.min(100).saturating_sub(30) + 20 * p.min(200).saturating_sub(100) + 40 * p.saturating_sub(200)
}

/// The month's total for an applicant who files `n` applications charged per application.
pub fn monthly_total_yuan(n: u32) -> u64 {
    (1..=n).map(per_application).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tier boundary of 109号 (vectors of regulation.md §9.2).
    #[test]
    fn per_application_tier_boundaries() {
        let table: &[(u32, u64)] = &[
            (1, 0),
            (10, 0),
            (11, 100),
            (30, 100),
            (31, 200),
            (40, 200),
            (41, 300),
            (50, 300),
            (51, 400),
            (60, 400),
            (61, 500),
        ];
        for &(k, want) in table {
            assert_eq!(fee_yuan(FeeBasis::PerApplication { nth_in_month: k }), want, "application #{k}");
        }
    }

    #[test]
    fn monthly_totals_match_the_reference() {
        let table: &[(u32, u64)] = &[
            (10, 0),
            (11, 100),
            (30, 2_000),
            (31, 2_200),
            (40, 4_000),
            (41, 4_300),
            (50, 7_000),
            (60, 11_000),
            (75, 19_000),
        ];
        for &(n, want) in table {
            assert_eq!(monthly_total_yuan(n), want, "{n} applications");
        }
    }

    #[test]
    fn per_page_tier_boundaries() {
        let table: &[(u32, u64)] = &[
            (0, 0),
            (30, 0),
            (31, 10),
            (100, 700),
            (101, 720),
            (200, 2_700),
            (201, 2_740),
            (250, 4_700),
            (500, 14_700),
        ];
        for &(p, want) in table {
            assert_eq!(fee_yuan(FeeBasis::PerPage { pages: p }), want, "{p} pages");
        }
    }
}
