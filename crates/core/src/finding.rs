//! Audit findings: which rule, how severe, which figures, where, and whose fault.

use serde::{Deserialize, Serialize};

use crate::report::Evidence;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A suspicious figure; may have a legitimate explanation.
    Warning,
    /// A broken 勾稽关系 or an impossible figure.
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// Whether a finding is about the published report or about our reading of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The document's own printed figures disagree (a flawed report).
    #[default]
    Source,
    /// The reader could not place a figure with certainty (check the extraction).
    Reading,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Source => "原文问题",
            Origin::Reading => "识别存疑",
        }
    }
}

/// The audit rules (spec `report-schema.md`, "Audit rules"), by stable snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// 一 + 二 = （七） + 四 for every column.
    T3Balance,
    /// （七）总计 = sum of the outcome rows, for every column.
    T3TotalRow,
    /// 总计 column = sum of the six applicant columns, for every row.
    T3TotalCol,
    /// （六） = its three parts (2021).
    T3OtherParts,
    /// A total printed without the figures it sums, or figures without their total.
    T3MissingTotal,
    /// Carried out of year N = carried in of year N+1 (cross-year).
    T3CarryOver,
    /// Table 四: total = upheld + corrected + other + pending, per group.
    T4Total,
    /// 2021 table 二: in force(N) = in force(N−1) + issued − abolished (cross-year).
    T2InForce,
    /// 2021 table 二: abolished ≤ in force(N−1) + issued.
    T2Abolish,
    /// 2019 table 二: newly published ≤ total published.
    T2Published,
    /// A negative count or amount where none can be.
    NegativeValue,
    /// A count that is not a whole number.
    FractionalCount,
    /// Legacy: a channel count above the proactive total, or channels not covering it.
    SChannels,
    /// Legacy: 收到申请数 = sum of its channels.
    SRequestChannels,
    /// Legacy: 申请办结数 = on time + extended.
    SClosed,
    /// Legacy: 申请答复数 = sum of its kinds; 不同意公开 = sum of its reasons.
    SReplies,
    /// Legacy: review and suit totals = sum of their results.
    SReviewSuit,
    /// Legacy: staff = full-time + part-time.
    SStaff,
    /// Legacy: an "of which" (其中) line above its parent.
    SSubItem,
    /// Legacy: 申请答复数 against 申请办结数 and 收到申请数.
    SDone,
    /// A figure in the narrative differs from the table.
    TextTableMismatch,
    /// A stated percentage differs from its counts beyond rounding.
    PercentMismatch,
    /// Listed categories do not add up to the stated total.
    CategorySum,
    /// The same row label twice in one table.
    DuplicateLabel,
    /// The statistics period does not match the year in the title.
    YearMismatch,
    /// The reader could not place figures with certainty.
    UncertainReading,
    /// Table 三 shows applications dropped for unpaid fees but section 六 reports no fees.
    T3Fee,
    /// A summary report (全区/全市汇总) differs from the sum of the reports below it.
    RollupMismatch,
    /// A headline figure grew or shrank fivefold or more from the year before.
    YearOnYearJump,
    /// The text largely repeats an earlier year's or a peer's report (内容雷同).
    SimilarText,
    /// One of the six sections of the national format is not in the text (完整性).
    MissingSection,
    /// Section 六 says nothing about 信息处理费 (required from the 2021 report on).
    FeeNotStated,
    /// The report was published after its Art. 49 date.
    LateReport,
    /// No report for the year is on file.
    MissingReport,
    /// Any rule name this version does not know (from JSON written by a newer one).
    #[serde(other)]
    Unknown,
}

/// One thing the auditor found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub keys: Vec<String>,
    /// What a person in a disclosure office reads, in Chinese.
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub origin: Origin,
}

impl Finding {
    pub fn new(rule: Rule, severity: Severity, keys: Vec<String>, message: impl Into<String>) -> Self {
        Finding { rule, severity, keys, message: message.into(), evidence: Vec::new(), origin: Origin::Source }
    }
    pub fn with_evidence(mut self, evidence: Vec<Evidence>) -> Self {
        self.evidence = evidence;
        self
    }
    pub fn from_reading(mut self) -> Self {
        self.origin = Origin::Reading;
        self
    }

    /// One line as people read it in lists and exports: "[原文问题·错误] message".
    pub fn line(&self) -> String {
        format!("[{}·{}] {}", self.origin.label(), self.severity.label(), self.message)
    }
}
