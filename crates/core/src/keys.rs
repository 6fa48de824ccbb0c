//! The value keys of the `gongkai-report/1` form (`spec/report-schema.md`), as types.
//!
//! Tables 三 and 四 have a regular grid, so their keys are built from typed rows and
//! columns; table 二, section 六 and the legacy indicator keys are listed as constants.

/// A column of table 三: the applicant kind (申请人情况), or the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T3Col {
    /// 自然人
    Natural,
    /// 商业企业
    Commercial,
    /// 科研机构
    Research,
    /// 社会公益组织
    PublicInterest,
    /// 法律服务机构
    LegalService,
    /// 其他 (法人或其他组织 › 其他)
    OtherOrg,
    /// 总计
    Total,
}

impl T3Col {
    /// The seven numeric columns in printed order.
    pub const ALL: [T3Col; 7] = [
        T3Col::Natural,
        T3Col::Commercial,
        T3Col::Research,
        T3Col::PublicInterest,
        T3Col::LegalService,
        T3Col::OtherOrg,
        T3Col::Total,
    ];
    /// The six applicant columns that add up to 总计.
    pub const APPLICANTS: [T3Col; 6] = [
        T3Col::Natural,
        T3Col::Commercial,
        T3Col::Research,
        T3Col::PublicInterest,
        T3Col::LegalService,
        T3Col::OtherOrg,
    ];

    pub fn key(self) -> &'static str {
        match self {
            T3Col::Natural => "natural",
            T3Col::Commercial => "commercial",
            T3Col::Research => "research",
            T3Col::PublicInterest => "public_interest",
            T3Col::LegalService => "legal_service",
            T3Col::OtherOrg => "other_org",
            T3Col::Total => "total",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            T3Col::Natural => "自然人",
            T3Col::Commercial => "商业企业",
            T3Col::Research => "科研机构",
            T3Col::PublicInterest => "社会公益组织",
            T3Col::LegalService => "法律服务机构",
            T3Col::OtherOrg => "其他",
            T3Col::Total => "总计",
        }
    }
}

/// A data row of table 三 (收到和处理政府信息公开申请情况).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T3Row {
    New,
    CarriedIn,
    Granted,
    Partial,
    DeniedStateSecret,
    DeniedLawForbidden,
    DeniedThreeSafety,
    DeniedThirdParty,
    DeniedInternalAffairs,
    DeniedProcessInfo,
    DeniedEnforcementFile,
    DeniedAdminQuery,
    UnableNotHeld,
    UnableNeedsCreation,
    UnableUnclear,
    NotProcessedPetition,
    NotProcessedDuplicate,
    NotProcessedPublication,
    NotProcessedMassive,
    NotProcessedConfirm,
    /// （六）其他处理: the single row in 2019, the sum of the three parts in 2021.
    Other,
    OtherNoCorrection,
    OtherNoFee,
    OtherOther,
    Total,
    CarriedOut,
}

impl T3Row {
    /// Rows of the 2021 format in printed order (25 data rows; `Other` is not printed).
    pub const NATIONAL_2021: [T3Row; 25] = [
        T3Row::New,
        T3Row::CarriedIn,
        T3Row::Granted,
        T3Row::Partial,
        T3Row::DeniedStateSecret,
        T3Row::DeniedLawForbidden,
        T3Row::DeniedThreeSafety,
        T3Row::DeniedThirdParty,
        T3Row::DeniedInternalAffairs,
        T3Row::DeniedProcessInfo,
        T3Row::DeniedEnforcementFile,
        T3Row::DeniedAdminQuery,
        T3Row::UnableNotHeld,
        T3Row::UnableNeedsCreation,
        T3Row::UnableUnclear,
        T3Row::NotProcessedPetition,
        T3Row::NotProcessedDuplicate,
        T3Row::NotProcessedPublication,
        T3Row::NotProcessedMassive,
        T3Row::NotProcessedConfirm,
        T3Row::OtherNoCorrection,
        T3Row::OtherNoFee,
        T3Row::OtherOther,
        T3Row::Total,
        T3Row::CarriedOut,
    ];
    /// Rows of the 2019 format in printed order (23 data rows).
    pub const NATIONAL_2019: [T3Row; 23] = [
        T3Row::New,
        T3Row::CarriedIn,
        T3Row::Granted,
        T3Row::Partial,
        T3Row::DeniedStateSecret,
        T3Row::DeniedLawForbidden,
        T3Row::DeniedThreeSafety,
        T3Row::DeniedThirdParty,
        T3Row::DeniedInternalAffairs,
        T3Row::DeniedProcessInfo,
        T3Row::DeniedEnforcementFile,
        T3Row::DeniedAdminQuery,
        T3Row::UnableNotHeld,
        T3Row::UnableNeedsCreation,
        T3Row::UnableUnclear,
        T3Row::NotProcessedPetition,
        T3Row::NotProcessedDuplicate,
        T3Row::NotProcessedPublication,
        T3Row::NotProcessedMassive,
        T3Row::NotProcessedConfirm,
        T3Row::Other,
        T3Row::Total,
        T3Row::CarriedOut,
    ];
    /// Outcome rows that add up to （七）总计 (with `Other` as the single 其他处理 figure).
    pub const OUTCOMES: [T3Row; 19] = [
        T3Row::Granted,
        T3Row::Partial,
        T3Row::DeniedStateSecret,
        T3Row::DeniedLawForbidden,
        T3Row::DeniedThreeSafety,
        T3Row::DeniedThirdParty,
        T3Row::DeniedInternalAffairs,
        T3Row::DeniedProcessInfo,
        T3Row::DeniedEnforcementFile,
        T3Row::DeniedAdminQuery,
        T3Row::UnableNotHeld,
        T3Row::UnableNeedsCreation,
        T3Row::UnableUnclear,
        T3Row::NotProcessedPetition,
        T3Row::NotProcessedDuplicate,
        T3Row::NotProcessedPublication,
        T3Row::NotProcessedMassive,
        T3Row::NotProcessedConfirm,
        T3Row::Other,
    ];

    /// The spec's `<row>` part of the key.
    pub fn key(self) -> &'static str {
        use T3Row::*;
        match self {
            New => "new",
            CarriedIn => "carried_in",
            Granted => "granted",
            Partial => "partial",
            DeniedStateSecret => "denied.state_secret",
            DeniedLawForbidden => "denied.law_forbidden",
            DeniedThreeSafety => "denied.three_safety",
            DeniedThirdParty => "denied.third_party",
            DeniedInternalAffairs => "denied.internal_affairs",
            DeniedProcessInfo => "denied.process_info",
            DeniedEnforcementFile => "denied.enforcement_file",
            DeniedAdminQuery => "denied.admin_query",
            UnableNotHeld => "unable.not_held",
            UnableNeedsCreation => "unable.needs_creation",
            UnableUnclear => "unable.unclear",
            NotProcessedPetition => "not_processed.petition",
            NotProcessedDuplicate => "not_processed.duplicate",
            NotProcessedPublication => "not_processed.publication",
            NotProcessedMassive => "not_processed.massive",
            NotProcessedConfirm => "not_processed.confirm",
            Other => "other",
            OtherNoCorrection => "other.no_correction",
            OtherNoFee => "other.no_fee",
            OtherOther => "other.other",
            Total => "total",
            CarriedOut => "carried_out",
        }
    }

    /// The label exactly as the national format prints it (without group prefixes).
    pub fn label(self) -> &'static str {
        use T3Row::*;
        match self {
            New => "一、本年新收政府信息公开申请数量",
            CarriedIn => "二、上年结转政府信息公开申请数量",
            Granted => "（一）予以公开",
            Partial => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            DeniedStateSecret => "1.属于国家秘密",
            DeniedLawForbidden => "2.其他法律行政法规禁止公开",
            DeniedThreeSafety => "3.危及“三安全一稳定”",
            DeniedThirdParty => "4.保护第三方合法权益",
            DeniedInternalAffairs => "5.属于三类内部事务信息",
            DeniedProcessInfo => "6.属于四类过程性信息",
            DeniedEnforcementFile => "7.属于行政执法案卷",
            DeniedAdminQuery => "8.属于行政查询事项",
            UnableNotHeld => "1.本机关不掌握相关政府信息",
            UnableNeedsCreation => "2.没有现成信息需要另行制作",
            UnableUnclear => "3.补正后申请内容仍不明确",
            NotProcessedPetition => "1.信访举报投诉类申请",
            NotProcessedDuplicate => "2.重复申请",
            NotProcessedPublication => "3.要求提供公开出版物",
            NotProcessedMassive => "4.无正当理由大量反复申请",
            NotProcessedConfirm => "5.要求行政机关确认或重新出具已获取信息",
            Other => "（六）其他处理",
            OtherNoCorrection => "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            OtherNoFee => "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            OtherOther => "3.其他",
            Total => "（七）总计",
            CarriedOut => "四、结转下年度继续办理",
        }
    }
}

/// Full key of a table 三 cell, e.g. `t3.denied.third_party.total`.
pub fn t3(row: T3Row, col: T3Col) -> String {
    format!("t3.{}.{}", row.key(), col.key())
}

/// A group of table 四 (行政复议、行政诉讼).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T4Group {
    /// 行政复议
    Review,
    /// 行政诉讼 › 未经复议直接起诉
    SuitDirect,
    /// 行政诉讼 › 复议后起诉
    SuitAfterReview,
}

impl T4Group {
    pub const ALL: [T4Group; 3] = [T4Group::Review, T4Group::SuitDirect, T4Group::SuitAfterReview];
    pub fn key(self) -> &'static str {
        match self {
            T4Group::Review => "review",
            T4Group::SuitDirect => "suit_direct",
            T4Group::SuitAfterReview => "suit_after_review",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            T4Group::Review => "行政复议",
            T4Group::SuitDirect => "行政诉讼（未经复议直接起诉）",
            T4Group::SuitAfterReview => "行政诉讼（复议后起诉）",
        }
    }
}

/// A result column of table 四.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T4Result {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
    /// 总计
    Total,
}

impl T4Result {
    pub const ALL: [T4Result; 5] =
        [T4Result::Upheld, T4Result::Corrected, T4Result::Other, T4Result::Pending, T4Result::Total];
    pub fn key(self) -> &'static str {
        match self {
            T4Result::Upheld => "upheld",
            T4Result::Corrected => "corrected",
            T4Result::Other => "other",
            T4Result::Pending => "pending",
            T4Result::Total => "total",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            T4Result::Upheld => "结果维持",
            T4Result::Corrected => "结果纠正",
            T4Result::Other => "其他结果",
            T4Result::Pending => "尚未审结",
            T4Result::Total => "总计",
        }
    }
}

/// Full key of a table 四 cell, e.g. `t4.review.total`.
pub fn t4(group: T4Group, result: T4Result) -> String {
    format!("t4.{}.{}", group.key(), result.key())
}

/// Table 二 keys of the 2021 format with their labels.
pub const T2_2021: &[(&str, &str)] = &[
    ("t2.rules.issued", "规章·本年制发件数"),
    ("t2.rules.abolished", "规章·本年废止件数"),
    ("t2.rules.in_force", "规章·现行有效件数"),
    ("t2.normative.issued", "行政规范性文件·本年制发件数"),
    ("t2.normative.abolished", "行政规范性文件·本年废止件数"),
    ("t2.normative.in_force", "行政规范性文件·现行有效件数"),
    ("t2.licensing.decisions", "行政许可·本年处理决定数量"),
    ("t2.penalty.decisions", "行政处罚·本年处理决定数量"),
    ("t2.coercion.decisions", "行政强制·本年处理决定数量"),
    ("t2.fees.amount_wan", "行政事业性收费·本年收费金额（万元）"),
];

/// Table 二 keys of the 2019 format with their labels.
pub const T2_2019: &[(&str, &str)] = &[
    ("t2.rules.new_made", "规章·本年新制作数量"),
    ("t2.rules.new_published", "规章·本年新公开数量"),
    ("t2.rules.published_total", "规章·对外公开总数量"),
    ("t2.normative.new_made", "规范性文件·本年新制作数量"),
    ("t2.normative.new_published", "规范性文件·本年新公开数量"),
    ("t2.normative.published_total", "规范性文件·对外公开总数量"),
    ("t2.licensing.prev_items", "行政许可·上一年项目数量"),
    ("t2.licensing.delta", "行政许可·本年增/减"),
    ("t2.licensing.decisions", "行政许可·处理决定数量"),
    ("t2.other_services.prev_items", "其他对外管理服务事项·上一年项目数量"),
    ("t2.other_services.delta", "其他对外管理服务事项·本年增/减"),
    ("t2.other_services.decisions", "其他对外管理服务事项·处理决定数量"),
    ("t2.penalty.prev_items", "行政处罚·上一年项目数量"),
    ("t2.penalty.delta", "行政处罚·本年增/减"),
    ("t2.penalty.decisions", "行政处罚·处理决定数量"),
    ("t2.coercion.prev_items", "行政强制·上一年项目数量"),
    ("t2.coercion.delta", "行政强制·本年增/减"),
    ("t2.coercion.decisions", "行政强制·处理决定数量"),
    ("t2.fees.prev_items", "行政事业性收费·上一年项目数量"),
    ("t2.fees.delta", "行政事业性收费·本年增/减"),
    ("t2.procurement.items", "政府集中采购·采购项目数量"),
    ("t2.procurement.amount", "政府集中采购·采购总金额"),
    ("t2.procurement.amount_wan", "政府集中采购·采购总金额（万元）"),
];

/// Section 六 figures of the national formats.
pub const FEES: &[(&str, &str)] =
    &[("fee.cases", "收取信息处理费的申请件数"), ("fee.amount_yuan", "收取信息处理费金额（元）")];

/// Legacy indicator keys (`s.*`) with the label of the indicator table.
pub const LEGACY: &[(&str, &str)] = &[
    ("s.proactive.total", "主动公开政府信息数"),
    ("s.proactive.normative", "其中：主动公开规范性文件数"),
    ("s.proactive.normative_issued", "制发规范性文件总数"),
    ("s.channel.gazette", "政府公报公开政府信息数"),
    ("s.channel.website", "政府网站公开政府信息数"),
    ("s.channel.weibo", "政务微博公开政府信息数"),
    ("s.channel.wechat", "政务微信公开政府信息数"),
    ("s.channel.other", "其他方式公开政府信息数"),
    ("s.channel.weibo_wechat", "微博微信公开政府信息数"),
    ("s.response.hot_topics", "回应公众关注热点或重大舆情数"),
    ("s.response.press_conferences", "参加或举办新闻发布会总次数"),
    ("s.response.press_conferences_lead", "其中：主要负责同志参加新闻发布会次数"),
    ("s.response.online_interviews", "政府网站在线访谈次数"),
    ("s.response.online_interviews_lead", "其中：主要负责同志参加政府网站在线访谈次数"),
    ("s.response.interpretations", "政策解读稿件发布数"),
    ("s.response.weibo_wechat", "微博微信回应事件数"),
    ("s.response.other", "其他方式回应事件数"),
    ("s.requests.received", "收到申请数"),
    ("s.requests.in_person", "当面申请数"),
    ("s.requests.fax", "传真申请数"),
    ("s.requests.online", "网络申请数"),
    ("s.requests.email", "电子邮件申请数"),
    ("s.requests.letter", "信函申请数"),
    ("s.requests.other_form", "其他形式申请数"),
    ("s.requests.closed", "申请办结数"),
    ("s.requests.closed_on_time", "按时办结数"),
    ("s.requests.closed_extended", "延期办结数"),
    ("s.replies.total", "申请答复数"),
    ("s.replies.already_public", "属于已主动公开范围数"),
    ("s.replies.granted", "同意公开答复数"),
    ("s.replies.partial", "同意部分公开答复数"),
    ("s.replies.denied", "不同意公开答复数"),
    ("s.replies.denied_state_secret", "涉及国家秘密"),
    ("s.replies.denied_commercial_secret", "涉及商业秘密"),
    ("s.replies.denied_privacy", "涉及个人隐私"),
    ("s.replies.denied_security", "危及国家安全、公共安全、经济安全和社会稳定"),
    ("s.replies.denied_not_gov_info", "不是《条例》所指政府信息"),
    ("s.replies.denied_other_law", "法律法规规定的其他情形"),
    ("s.replies.not_this_agency", "不属于本行政机关公开数"),
    ("s.replies.not_exist", "申请信息不存在数"),
    ("s.replies.not_this_agency_or_not_exist", "非本机关或信息不存在数"),
    ("s.replies.correction", "告知作出更改补充数"),
    ("s.replies.other_channel", "告知通过其他途径办理数"),
    ("s.review.total", "行政复议数量"),
    ("s.review.upheld", "行政复议·维持具体行政行为数"),
    ("s.review.corrected", "行政复议·被依法纠错数"),
    ("s.review.other", "行政复议·其他情形数"),
    ("s.suit.total", "行政诉讼数量"),
    ("s.suit.upheld", "行政诉讼·维持具体行政行为或者驳回原告诉讼请求数"),
    ("s.suit.corrected", "行政诉讼·被依法纠错数"),
    ("s.suit.other", "行政诉讼·其他情形数"),
    ("s.complaints", "举报投诉数量"),
    ("s.fees_wan", "依申请公开信息收取的费用（万元）"),
    ("s.fees_yuan", "依申请公开信息收取的费用（元）"),
    ("s.org.units", "政府信息公开工作专门机构数"),
    ("s.org.reading_points", "设置政府信息公开查阅点数"),
    ("s.org.staff", "从事政府信息公开工作人员数"),
    ("s.org.staff_full", "专职人员数"),
    ("s.org.staff_part", "兼职人员数"),
    ("s.org.budget_wan", "政府信息公开专项经费（万元）"),
    ("s.org.spend_wan", "政府信息公开实际支出（万元）"),
    ("s.meetings", "召开政府信息公开工作会议或专题会议数"),
    ("s.trainings", "举办各类培训班数"),
    ("s.trainees", "接受培训人员数（人次）"),
    ("s.consult.total", "咨询处理总数"),
    ("s.consult.phone", "电话咨询数"),
    ("s.consult.in_person", "当面咨询数"),
    ("s.consult.online", "网上咨询数"),
];

/// Every key of tables 三 and 四 (both national formats), in a stable order.
pub fn all_table_keys() -> Vec<String> {
    let mut keys = Vec::new();
    let mut rows: Vec<T3Row> = T3Row::NATIONAL_2021.to_vec();
    rows.push(T3Row::Other);
    for row in rows {
        for col in T3Col::ALL {
            keys.push(t3(row, col));
        }
    }
    for g in T4Group::ALL {
        for r in T4Result::ALL {
            keys.push(t4(g, r));
        }
    }
    keys
}

/// Every key of the spec, in a stable order (for CSV columns and validation).
pub fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let fixed = T2_2021.iter().chain(T2_2019).chain(FEES).map(|(k, _)| k.to_string());
    for k in fixed.chain(all_table_keys()).chain(LEGACY.iter().map(|(k, _)| k.to_string())) {
        if seen.insert(k.clone()) {
            keys.push(k);
        }
    }
    keys
}

/// A human label for any known key (for messages); falls back to the key itself.
pub fn label(key: &str) -> String {
    for (k, l) in T2_2021.iter().chain(T2_2019).chain(FEES).chain(LEGACY) {
        if *k == key {
            return l.to_string();
        }
    }
    let mut rows: Vec<T3Row> = T3Row::NATIONAL_2021.to_vec();
    rows.push(T3Row::Other);
    for row in rows {
        for col in T3Col::ALL {
            if t3(row, col) == key {
                return format!("表三“{}”·{}", row.label(), col.label());
            }
        }
    }
    for g in T4Group::ALL {
        for r in T4Result::ALL {
            if t4(g, r) == key {
                return format!("表四{}·{}", g.label(), r.label());
            }
        }
    }
    key.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_keys_match_the_spec_examples() {
        assert_eq!(t3(T3Row::DeniedThirdParty, T3Col::Total), "t3.denied.third_party.total");
        assert_eq!(t3(T3Row::New, T3Col::Natural), "t3.new.natural");
        assert_eq!(t4(T4Group::SuitAfterReview, T4Result::Pending), "t4.suit_after_review.pending");
    }

    #[test]
    fn outcome_rows_are_the_nineteen_rows_summed_into_the_total() {
        let rows = T3Row::OUTCOMES;
        assert_eq!(rows.len(), 19);
        assert!(!rows.contains(&T3Row::Total));
        assert!(rows.contains(&T3Row::Other));
    }

    #[test]
    fn all_keys_are_unique_and_cover_both_table_grids() {
        let keys = all_keys();
        let set: std::collections::BTreeSet<_> = keys.iter().collect();
        assert_eq!(set.len(), keys.len());
        assert_eq!(all_table_keys().len(), 26 * 7 + 15);
    }
}
