//! 行政复议 and 行政诉讼 arising from disclosure work, linked to applications: they feed table 四.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::keys::T4Group;

/// Which remedy was sought (Art. 51).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyKind {
    /// 行政复议
    Review,
    /// 行政诉讼, 未经复议直接起诉
    SuitDirect,
    /// 行政诉讼, 复议后起诉
    SuitAfterReview,
}

impl RemedyKind {
    pub fn group(self) -> T4Group {
        match self {
            RemedyKind::Review => T4Group::Review,
            RemedyKind::SuitDirect => T4Group::SuitDirect,
            RemedyKind::SuitAfterReview => T4Group::SuitAfterReview,
        }
    }
}

/// How a review or suit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyResult {
    /// 结果维持 (upheld; for suits also 驳回诉讼请求)
    Upheld,
    /// 结果纠正 (the act was corrected: revoked, changed, ordered to redo, confirmed unlawful)
    Corrected,
    /// 其他结果 (withdrawn, terminated, mediated …)
    Other,
}

/// One review or suit, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Remedy {
    pub kind: RemedyKind,
    pub filed_on: Date,
    pub result: Option<(Date, RemedyResult)>,
}
