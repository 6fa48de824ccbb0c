//! How an application ends: exactly the statutory rows of table 三, each with its article.

use serde::{Deserialize, Serialize};

use crate::keys::T3Row;

/// Grounds for 不予公开 (Art. 14–16, 36(七)): rows 三（三）1–8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DenialReason {
    /// 属于国家秘密 (Art. 14)
    StateSecret,
    /// 其他法律行政法规禁止公开 (Art. 14)
    LawForbidden,
    /// 危及“三安全一稳定” (Art. 14)
    ThreeSafety,
    /// 保护第三方合法权益 (Art. 15, 32)
    ThirdParty,
    /// 属于三类内部事务信息 (Art. 16 para. 1)
    InternalAffairs,
    /// 属于四类过程性信息 (Art. 16 para. 2)
    ProcessInfo,
    /// 属于行政执法案卷 (Art. 16 para. 2)
    EnforcementFile,
    /// 属于行政查询事项 (Art. 36(七))
    AdminQuery,
}

/// Reasons the information cannot be provided (无法提供): rows 三（四）1–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnableReason {
    /// 本机关不掌握相关政府信息: does not exist (Art. 36(四)).
    NotExist,
    /// 本机关不掌握相关政府信息: not this organ's to disclose (Art. 36(五)).
    NotThisOrgan,
    /// 没有现成信息需要另行制作 (Art. 38)
    NeedsCreation,
    /// 补正后申请内容仍不明确 (Art. 30)
    StillUnclear,
}

/// Reasons an application is not processed (不予处理): rows 三（五）1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotProcessedReason {
    /// 信访举报投诉类申请 (Art. 39 para. 1)
    Petition,
    /// 重复申请 (Art. 36(六))
    Duplicate,
    /// 要求提供公开出版物 (Art. 39 para. 2)
    Publication,
    /// 无正当理由大量反复申请 (Art. 35)
    Massive,
    /// 要求行政机关确认或重新出具已获取信息
    Confirm,
}

/// Other dispositions (其他处理): rows 三（六）1–3 of the 2021 format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherDisposition {
    /// 申请人无正当理由逾期不补正 (Art. 30): deemed abandoned.
    NoCorrection,
    /// 申请人逾期未按收费通知要求缴纳费用 (Art. 42, 国办函〔2020〕109号): deemed abandoned.
    NoFee,
    /// 其他, e.g. the applicant withdraws (撤回).
    Withdrawn,
}

/// The outcome of an application, one statutory row of table 三 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "reason")]
pub enum Outcome {
    /// 予以公开 (Art. 36(一) already public, 36(二) disclosed).
    Granted { already_public: bool },
    /// 部分公开 (Art. 37): counted only here.
    Partial,
    /// 不予公开
    Denied(DenialReason),
    /// 无法提供
    Unable(UnableReason),
    /// 不予处理
    NotProcessed(NotProcessedReason),
    /// 其他处理
    Other(OtherDisposition),
}

impl Outcome {
    /// The row of table 三 (2021 format) this outcome is counted in.
    pub fn row(self) -> T3Row {
        use DenialReason as D;
        use NotProcessedReason as N;
        use OtherDisposition as O;
        use UnableReason as U;
        match self {
            Outcome::Granted { .. } => T3Row::Granted,
            Outcome::Partial => T3Row::Partial,
            Outcome::Denied(D::StateSecret) => T3Row::DeniedStateSecret,
            Outcome::Denied(D::LawForbidden) => T3Row::DeniedLawForbidden,
            Outcome::Denied(D::ThreeSafety) => T3Row::DeniedThreeSafety,
            Outcome::Denied(D::ThirdParty) => T3Row::DeniedThirdParty,
            Outcome::Denied(D::InternalAffairs) => T3Row::DeniedInternalAffairs,
            Outcome::Denied(D::ProcessInfo) => T3Row::DeniedProcessInfo,
            Outcome::Denied(D::EnforcementFile) => T3Row::DeniedEnforcementFile,
            Outcome::Denied(D::AdminQuery) => T3Row::DeniedAdminQuery,
            Outcome::Unable(U::NotExist | U::NotThisOrgan) => T3Row::UnableNotHeld,
            Outcome::Unable(U::NeedsCreation) => T3Row::UnableNeedsCreation,
            Outcome::Unable(U::StillUnclear) => T3Row::UnableUnclear,
            Outcome::NotProcessed(N::Petition) => T3Row::NotProcessedPetition,
            Outcome::NotProcessed(N::Duplicate) => T3Row::NotProcessedDuplicate,
            Outcome::NotProcessed(N::Publication) => T3Row::NotProcessedPublication,
            Outcome::NotProcessed(N::Massive) => T3Row::NotProcessedMassive,
            Outcome::NotProcessed(N::Confirm) => T3Row::NotProcessedConfirm,
            Outcome::Other(O::NoCorrection) => T3Row::OtherNoCorrection,
            Outcome::Other(O::NoFee) => T3Row::OtherNoFee,
            Outcome::Other(O::Withdrawn) => T3Row::OtherOther,
        }
    }

    /// The legal basis as the Regulation writes it, for reply letters.
    pub fn article(self) -> &'static str {
        use DenialReason as D;
        use NotProcessedReason as N;
        use OtherDisposition as O;
        use UnableReason as U;
        match self {
            Outcome::Granted { already_public: true } => "第三十六条第（一）项",
            Outcome::Granted { already_public: false } => "第三十六条第（二）项",
            Outcome::Partial => "第三十七条",
            Outcome::Denied(D::StateSecret | D::LawForbidden | D::ThreeSafety) => "第十四条、第三十六条第（三）项",
            Outcome::Denied(D::ThirdParty) => "第十五条、第三十二条、第三十六条第（三）项",
            Outcome::Denied(D::InternalAffairs) => "第十六条第一款、第三十六条第（三）项",
            Outcome::Denied(D::ProcessInfo | D::EnforcementFile) => "第十六条第二款、第三十六条第（三）项",
            Outcome::Denied(D::AdminQuery) => "第三十六条第（七）项",
            Outcome::Unable(U::NotExist) => "第三十六条第（四）项",
            Outcome::Unable(U::NotThisOrgan) => "第三十六条第（五）项",
            Outcome::Unable(U::NeedsCreation) => "第三十八条",
            Outcome::Unable(U::StillUnclear) => "第三十条",
            Outcome::NotProcessed(N::Petition) => "第三十九条第一款",
            Outcome::NotProcessed(N::Duplicate) => "第三十六条第（六）项",
            Outcome::NotProcessed(N::Publication) => "第三十九条第二款",
            Outcome::NotProcessed(N::Massive) => "第三十五条",
            // No article names this case (annual-report-formats / regulation.md §7.2).
            Outcome::NotProcessed(N::Confirm) => "",
            Outcome::Other(O::NoCorrection) => "第三十条",
            Outcome::Other(O::NoFee) => "第四十二条",
            Outcome::Other(O::Withdrawn) => "",
        }
    }

    /// The row label as the annual report prints it.
    pub fn label(self) -> &'static str {
        self.row().label()
    }

    /// The outcome as the applicant reads it when following the application: what it means for
    /// them, in plain words (the row labels are the annual report's wording).
    pub fn plain(self) -> &'static str {
        use DenialReason as D;
        use NotProcessedReason as N;
        use OtherDisposition as O;
        use UnableReason as U;
        match self {
            Outcome::Granted { already_public: true } => "该信息已经公开，答复书告诉您在哪里查阅",
            Outcome::Granted { already_public: false } => "同意公开，答复书写明了提供方式",
            Outcome::Partial => "部分公开：可以公开的部分已提供，其余部分不予公开的理由见答复书",
            Outcome::Denied(D::AdminQuery) => "您要查询的是行政查询事项，答复书告知了办理途径",
            Outcome::Denied(_) => "不予公开，理由和依据见答复书",
            Outcome::Unable(U::NotExist) => "经检索，本机关没有制作或获取这项信息",
            Outcome::Unable(U::NotThisOrgan) => "这项信息不由本机关公开，答复书告知了应向哪个机关申请",
            Outcome::Unable(U::NeedsCreation) => "本机关没有现成的信息，需要另行制作的不予提供",
            Outcome::Unable(U::StillUnclear) => "补正后申请内容仍不明确，无法提供",
            Outcome::NotProcessed(N::Petition) => "这是信访、举报或投诉，答复书告知了应通过的渠道",
            Outcome::NotProcessed(N::Duplicate) => "与已答复的申请重复，不再重复处理",
            Outcome::NotProcessed(N::Publication) => "您要的是公开出版物，答复书告知了获取途径",
            Outcome::NotProcessed(N::Massive) => "申请数量明显超过合理范围，本机关不予处理",
            Outcome::NotProcessed(N::Confirm) => "要求确认或重新出具已获取的信息，不予处理",
            Outcome::Other(O::NoCorrection) => "未在期限内补正，视为放弃申请",
            Outcome::Other(O::NoFee) => "未在期限内缴纳信息处理费，视为放弃申请",
            Outcome::Other(O::Withdrawn) => "您已撤回申请",
        }
    }

    /// Every outcome, for tests, forms and demo data.
    pub fn all() -> Vec<Outcome> {
        use DenialReason as D;
        use NotProcessedReason as N;
        use OtherDisposition as O;
        use UnableReason as U;
        let mut v = vec![
            Outcome::Granted { already_public: true },
            Outcome::Granted { already_public: false },
            Outcome::Partial,
        ];
        v.extend(
            [
                D::StateSecret,
                D::LawForbidden,
                D::ThreeSafety,
                D::ThirdParty,
                D::InternalAffairs,
                D::ProcessInfo,
                D::EnforcementFile,
                D::AdminQuery,
            ]
            .map(Outcome::Denied),
        );
        v.extend([U::NotExist, U::NotThisOrgan, U::NeedsCreation, U::StillUnclear].map(Outcome::Unable));
        v.extend([N::Petition, N::Duplicate, N::Publication, N::Massive, N::Confirm].map(Outcome::NotProcessed));
        v.extend([O::NoCorrection, O::NoFee, O::Withdrawn].map(Outcome::Other));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11, point 7: the applicant reads plain words, never the report's row wording.
    #[test]
    fn every_outcome_has_plain_words_for_the_applicant() {
        for o in Outcome::all() {
            let plain = o.plain();
            assert!(plain.chars().count() >= 6, "{o:?}");
            assert_ne!(plain, o.label(), "{o:?}");
            assert!(!plain.contains("本机关不掌握相关政府信息") && !plain.contains("1."), "{o:?}: {plain}");
        }
    }

    /// Rule, article and row in one table: what the reply letter cites and where the report counts it.
    #[test]
    fn every_outcome_has_its_row_and_article() {
        use DenialReason as D;
        let table: &[(Outcome, T3Row, &str)] = &[
            (Outcome::Granted { already_public: true }, T3Row::Granted, "第三十六条第（一）项"),
            (Outcome::Partial, T3Row::Partial, "第三十七条"),
            (Outcome::Denied(D::ThirdParty), T3Row::DeniedThirdParty, "第十五条、第三十二条、第三十六条第（三）项"),
            (Outcome::Unable(UnableReason::NotThisOrgan), T3Row::UnableNotHeld, "第三十六条第（五）项"),
            (Outcome::Unable(UnableReason::NeedsCreation), T3Row::UnableNeedsCreation, "第三十八条"),
            (Outcome::NotProcessed(NotProcessedReason::Massive), T3Row::NotProcessedMassive, "第三十五条"),
            (Outcome::Other(OtherDisposition::NoFee), T3Row::OtherNoFee, "第四十二条"),
        ];
        for (outcome, row, article) in table {
            assert_eq!(outcome.row(), *row, "{outcome:?}");
            assert_eq!(outcome.article(), *article, "{outcome:?}");
        }
    }

    #[test]
    fn outcomes_cover_every_2021_outcome_row() {
        let rows: std::collections::BTreeSet<T3Row> = Outcome::all().into_iter().map(Outcome::row).collect();
        for row in T3Row::NATIONAL_2021 {
            let is_outcome = !matches!(row, T3Row::New | T3Row::CarriedIn | T3Row::Total | T3Row::CarriedOut);
            assert_eq!(rows.contains(&row), is_outcome, "{row:?}");
        }
    }
}
