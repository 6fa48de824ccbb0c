//! Stable text codes for the core's enums as stored in the database and typed on the command
//! line and in CSV files (applicant kind, channel, stage, outcome, remedy), with their parsers.
//! Written out by hand so that renaming a Rust variant can never silently change stored data.

use std::collections::HashMap;
use std::sync::OnceLock;

use gongkai_core::case::review::{RemedyKind, RemedyResult};
use gongkai_core::case::{
    ApplicantKind, Channel, Consulted, DenialReason, NotProcessedReason, OtherDisposition, Outcome, Stage, UnableReason,
};

pub fn applicant_kind(kind: ApplicantKind) -> &'static str {
    match kind {
        ApplicantKind::Natural => "natural",
        ApplicantKind::Commercial => "commercial",
        ApplicantKind::Research => "research",
        ApplicantKind::PublicInterest => "public_interest",
        ApplicantKind::LegalService => "legal_service",
        ApplicantKind::OtherOrg => "other_org",
    }
}

/// Parses a code or the label of table 三 (自然人, 商业企业 …).
pub fn parse_applicant_kind(s: &str) -> Option<ApplicantKind> {
    let s = s.trim();
    ApplicantKind::ALL.into_iter().find(|&k| applicant_kind(k) == s || k.label() == s)
}

pub fn channel(channel: Channel) -> &'static str {
    match channel {
        Channel::InPerson => "in_person",
        Channel::Oral => "oral",
        Channel::PostSigned => "post_signed",
        Channel::PostUnsigned => "post_unsigned",
        Channel::Online => "online",
        Channel::Fax => "fax",
    }
}

pub const CHANNELS: [Channel; 6] =
    [Channel::InPerson, Channel::Oral, Channel::PostSigned, Channel::PostUnsigned, Channel::Online, Channel::Fax];

/// Parses a code or the console label (当面, 网络 …).
pub fn parse_channel(s: &str) -> Option<Channel> {
    let s = s.trim();
    CHANNELS.into_iter().find(|&c| channel(c) == s || c.label() == s)
}

pub fn consulted(party: Consulted) -> &'static str {
    match party {
        Consulted::ThirdParty => "third_party",
        Consulted::OtherOrgan => "other_organ",
    }
}

pub fn parse_consulted(s: &str) -> Option<Consulted> {
    match s.trim() {
        "third_party" | "第三方" => Some(Consulted::ThirdParty),
        "other_organ" | "其他机关" => Some(Consulted::OtherOrgan),
        _ => None,
    }
}

/// The stage's code (the `stage` column).
pub fn stage(stage: &Stage) -> &'static str {
    match stage {
        Stage::AwaitingConfirmation => "awaiting_confirmation",
        Stage::Processing => "processing",
        Stage::AwaitingCorrection { .. } => "awaiting_correction",
        Stage::Consulting { .. } => "consulting",
        Stage::AwaitingPayment { .. } => "awaiting_payment",
        Stage::Concluded { .. } => "concluded",
    }
}

pub const STAGES: [&str; 6] =
    ["awaiting_confirmation", "processing", "awaiting_correction", "consulting", "awaiting_payment", "concluded"];

/// The Chinese name of a stage code.
pub fn stage_label(code: &str) -> &'static str {
    match code {
        "awaiting_confirmation" => "待确认收到",
        "processing" => "办理中",
        "awaiting_correction" => "待补正",
        "consulting" => "征求意见中",
        "awaiting_payment" => "待缴费",
        "concluded" => "已办结",
        _ => "未知状态",
    }
}

/// The outcome's code (the `outcome` column; CSV and command line).
pub fn outcome(outcome: Outcome) -> &'static str {
    use DenialReason as D;
    use NotProcessedReason as N;
    use OtherDisposition as O;
    use UnableReason as U;
    match outcome {
        Outcome::Granted { already_public: false } => "granted",
        Outcome::Granted { already_public: true } => "granted.already_public",
        Outcome::Partial => "partial",
        Outcome::Denied(D::StateSecret) => "denied.state_secret",
        Outcome::Denied(D::LawForbidden) => "denied.law_forbidden",
        Outcome::Denied(D::ThreeSafety) => "denied.three_safety",
        Outcome::Denied(D::ThirdParty) => "denied.third_party",
        Outcome::Denied(D::InternalAffairs) => "denied.internal_affairs",
        Outcome::Denied(D::ProcessInfo) => "denied.process_info",
        Outcome::Denied(D::EnforcementFile) => "denied.enforcement_file",
        Outcome::Denied(D::AdminQuery) => "denied.admin_query",
        Outcome::Unable(U::NotExist) => "unable.not_exist",
        Outcome::Unable(U::NotThisOrgan) => "unable.not_this_organ",
        Outcome::Unable(U::NeedsCreation) => "unable.needs_creation",
        Outcome::Unable(U::StillUnclear) => "unable.still_unclear",
        Outcome::NotProcessed(N::Petition) => "not_processed.petition",
        Outcome::NotProcessed(N::Duplicate) => "not_processed.duplicate",
        Outcome::NotProcessed(N::Publication) => "not_processed.publication",
        Outcome::NotProcessed(N::Massive) => "not_processed.massive",
        Outcome::NotProcessed(N::Confirm) => "not_processed.confirm",
        Outcome::Other(O::NoCorrection) => "other.no_correction",
        Outcome::Other(O::NoFee) => "other.no_fee",
        Outcome::Other(O::Withdrawn) => "other.withdrawn",
    }
}

/// Parses an outcome code. Row labels are not accepted: two outcomes share the row
/// “本机关不掌握相关政府信息”.
pub fn parse_outcome(s: &str) -> Option<Outcome> {
    static TABLE: OnceLock<HashMap<&'static str, Outcome>> = OnceLock::new();
    TABLE.get_or_init(|| Outcome::all().into_iter().map(|o| (outcome(o), o)).collect()).get(s.trim()).copied()
}

/// Every outcome code with its label, for help texts and error messages.
pub fn outcome_help() -> String {
    Outcome::all()
        .into_iter()
        .map(|o| format!("{}（{}）", outcome(o), outcome_detail(o)))
        .collect::<Vec<_>>()
        .join("、")
}

/// The outcome in words: its group of table 三 and its reason, distinguishing the two grounds
/// of 本机关不掌握 and 已主动公开 (e.g. “不予公开：保护第三方合法权益”).
pub fn outcome_detail(o: Outcome) -> String {
    let group = match o {
        Outcome::Granted { already_public: true } => return "予以公开（已主动公开）".into(),
        Outcome::Granted { .. } => return "予以公开".into(),
        Outcome::Partial => return "部分公开".into(),
        Outcome::Denied(_) => "不予公开",
        Outcome::Unable(_) => "无法提供",
        Outcome::NotProcessed(_) => "不予处理",
        Outcome::Other(_) => "其他处理",
    };
    let reason = match o {
        Outcome::Unable(UnableReason::NotExist) => "本机关不掌握相关政府信息（信息不存在）".to_string(),
        Outcome::Unable(UnableReason::NotThisOrgan) => "本机关不掌握相关政府信息（非本机关负责公开）".to_string(),
        Outcome::Other(OtherDisposition::Withdrawn) => "申请人撤回".to_string(),
        // Row labels read “1.属于国家秘密”: drop the numbering.
        o => o.label().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').to_string(),
    };
    format!("{group}：{reason}")
}

pub fn remedy_kind(kind: RemedyKind) -> &'static str {
    match kind {
        RemedyKind::Review => "review",
        RemedyKind::SuitDirect => "suit_direct",
        RemedyKind::SuitAfterReview => "suit_after_review",
    }
}

pub fn parse_remedy_kind(s: &str) -> Option<RemedyKind> {
    match s.trim() {
        "review" | "行政复议" | "复议" => Some(RemedyKind::Review),
        "suit_direct" | "未经复议直接起诉" | "直接起诉" | "诉讼" | "行政诉讼" => {
            Some(RemedyKind::SuitDirect)
        }
        "suit_after_review" | "复议后起诉" | "复议后诉讼" => Some(RemedyKind::SuitAfterReview),
        _ => None,
    }
}

/// How table 四 and the console name a remedy.
pub fn remedy_kind_label(kind: RemedyKind) -> &'static str {
    match kind {
        RemedyKind::Review => "行政复议",
        RemedyKind::SuitDirect => "行政诉讼（未经复议直接起诉）",
        RemedyKind::SuitAfterReview => "行政诉讼（复议后起诉）",
    }
}

pub fn remedy_result(result: RemedyResult) -> &'static str {
    match result {
        RemedyResult::Upheld => "upheld",
        RemedyResult::Corrected => "corrected",
        RemedyResult::Other => "other",
    }
}

pub fn parse_remedy_result(s: &str) -> Option<RemedyResult> {
    match s.trim() {
        "upheld" | "结果维持" | "维持" => Some(RemedyResult::Upheld),
        "corrected" | "结果纠正" | "纠正" => Some(RemedyResult::Corrected),
        "other" | "其他结果" | "其他" => Some(RemedyResult::Other),
        _ => None,
    }
}

/// How table 四 names a result.
pub fn remedy_result_label(result: RemedyResult) -> &'static str {
    match result {
        RemedyResult::Upheld => "结果维持",
        RemedyResult::Corrected => "结果纠正",
        RemedyResult::Other => "其他结果",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_parses_back() {
        for o in Outcome::all() {
            assert_eq!(parse_outcome(outcome(o)), Some(o));
        }
        for k in ApplicantKind::ALL {
            assert_eq!(parse_applicant_kind(applicant_kind(k)), Some(k));
            assert_eq!(parse_applicant_kind(k.label()), Some(k));
        }
        for c in CHANNELS {
            assert_eq!(parse_channel(channel(c)), Some(c));
            assert_eq!(parse_channel(c.label()), Some(c));
        }
        for k in [RemedyKind::Review, RemedyKind::SuitDirect, RemedyKind::SuitAfterReview] {
            assert_eq!(parse_remedy_kind(remedy_kind(k)), Some(k));
        }
        for (text, k) in [
            ("复议", RemedyKind::Review),
            ("诉讼", RemedyKind::SuitDirect),
            ("复议后诉讼", RemedyKind::SuitAfterReview),
        ] {
            assert_eq!(parse_remedy_kind(text), Some(k), "{text}");
        }
        for r in [RemedyResult::Upheld, RemedyResult::Corrected, RemedyResult::Other] {
            assert_eq!(parse_remedy_result(remedy_result(r)), Some(r));
            assert_eq!(parse_remedy_result(remedy_result_label(r)), Some(r));
        }
        assert_eq!(outcome_detail(Outcome::Denied(DenialReason::StateSecret)), "不予公开：属于国家秘密");
        let codes: std::collections::BTreeSet<&str> = Outcome::all().into_iter().map(outcome).collect();
        assert_eq!(codes.len(), Outcome::all().len(), "codes are distinct");
    }
}
