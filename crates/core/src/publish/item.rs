//! A disclosed item's metadata as types: 主题分类, 体裁, 公开方式, kind of document, validity
//! (有效/失效/废止) and publication channels, with the rules that tie them together.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::doc_number::normalize_doc_number;

/// A closed list with a stored code and the label the law or the national catalogue uses.
macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $label:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// The stored code (ASCII, stable).
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }
            /// The Chinese label.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
            /// From a code or a label.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
            }
        }
    };
}

coded_enum!(
    /// 主题分类: the subject categories of the national government information catalogue.
    Topic {
        Organisation = "organisation", "国务院组织机构";
        General = "general", "综合政务";
        Economy = "economy", "国民经济管理、国有资产监管";
        Finance = "finance", "财政、金融、审计";
        Land = "land", "国土资源、能源";
        Agriculture = "agriculture", "农业、林业、水利";
        Industry = "industry", "工业、交通";
        Commerce = "commerce", "商贸、海关、旅游";
        Market = "market", "市场监管、安全生产监管";
        Construction = "construction", "城乡建设、环境保护";
        Science = "science", "科技、教育";
        Culture = "culture", "文化、广电、新闻出版";
        Health = "health", "卫生、体育";
        Population = "population", "人口与计划生育、妇女儿童工作";
        Labour = "labour", "劳动、人事、监察";
        Security = "security", "公安、安全、司法";
        CivilAffairs = "civil_affairs", "民政、扶贫、救灾";
        Ethnic = "ethnic", "民族、宗教";
        Foreign = "foreign", "对外事务";
        Overseas = "overseas", "港澳台侨工作";
        Defence = "defence", "国防";
        Other = "other", "其他";
    }
);

coded_enum!(
    /// 体裁: the kind of text (公文种类 of the 党政机关公文处理工作条例, plus plans and rules).
    Genre {
        Order = "order", "命令（令）";
        Decision = "decision", "决定";
        Announcement = "announcement", "公告";
        Notice = "notice", "通告";
        Opinion = "opinion", "意见";
        Circular = "circular", "通知";
        Bulletin = "bulletin", "通报";
        Report = "report", "报告";
        Reply = "reply", "批复";
        Letter = "letter", "函";
        Minutes = "minutes", "纪要";
        Plan = "plan", "规划";
        Programme = "programme", "计划";
        Scheme = "scheme", "方案";
        Measures = "measures", "办法";
        Provisions = "provisions", "规定";
        Rules = "rules", "细则";
        Other = "other", "其他";
    }
);

coded_enum!(
    /// 公开渠道: where an item is published (the legacy indicator table counts them).
    Channel {
        Website = "website", "政府网站";
        Gazette = "gazette", "政府公报";
        Weibo = "weibo", "政务微博";
        Wechat = "wechat", "政务微信";
        Other = "other", "其他方式";
    }
);

impl Channel {
    /// From a code, the label or the short name the issue and staff use (网站, 公报, 微博,
    /// 微信, 其他).
    pub fn parse_any(s: &str) -> Option<Channel> {
        Channel::parse(s).or(match s.trim() {
            "网站" => Some(Channel::Website),
            "公报" => Some(Channel::Gazette),
            "微博" => Some(Channel::Weibo),
            "微信" => Some(Channel::Wechat),
            "其他" => Some(Channel::Other),
            _ => None,
        })
    }
}

coded_enum!(
    /// The kind of document, as table 二 counts it.
    DocKind {
        Rule = "rule", "规章";
        Normative = "normative", "行政规范性文件";
        Other = "other", "其他文件";
    }
);

/// 公开方式: how the information is disclosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disclosure {
    /// 主动公开
    Proactive,
    /// 依申请公开
    OnRequest,
    /// 不予公开, with the reason (the article relied on).
    NotDisclosed { reason: String },
}

impl Disclosure {
    pub fn code(&self) -> &'static str {
        match self {
            Disclosure::Proactive => "proactive",
            Disclosure::OnRequest => "on_request",
            Disclosure::NotDisclosed { .. } => "not_disclosed",
        }
    }
    pub fn label(&self) -> &'static str {
        match self {
            Disclosure::Proactive => "主动公开",
            Disclosure::OnRequest => "依申请公开",
            Disclosure::NotDisclosed { .. } => "不予公开",
        }
    }
    /// From the stored code (or label) and the reason column.
    pub fn parse(code: &str, reason: Option<&str>) -> Option<Disclosure> {
        match code.trim() {
            "proactive" | "主动公开" => Some(Disclosure::Proactive),
            "on_request" | "依申请公开" => Some(Disclosure::OnRequest),
            "not_disclosed" | "不予公开" => {
                Some(Disclosure::NotDisclosed { reason: reason.unwrap_or("").to_string() })
            }
            _ => None,
        }
    }
    pub fn reason(&self) -> Option<&str> {
        match self {
            Disclosure::NotDisclosed { reason } => Some(reason),
            _ => None,
        }
    }
}

/// 效力 of a rule or normative document: in force since a date, expired (失效) or abolished
/// (废止) on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Validity {
    /// 有效
    Effective { since: Date },
    /// 失效 (expired by its own terms or superseded)
    Expired { since: Date, on: Date },
    /// 废止 (repealed by a decision)
    Abolished { since: Date, on: Date },
}

impl Validity {
    pub fn code(self) -> &'static str {
        match self {
            Validity::Effective { .. } => "effective",
            Validity::Expired { .. } => "expired",
            Validity::Abolished { .. } => "abolished",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Validity::Effective { .. } => "有效",
            Validity::Expired { .. } => "失效",
            Validity::Abolished { .. } => "废止",
        }
    }
    /// The date it took effect.
    pub fn since(self) -> Date {
        match self {
            Validity::Effective { since } | Validity::Expired { since, .. } | Validity::Abolished { since, .. } => {
                since
            }
        }
    }
    /// The date it stopped being in force, if it did.
    pub fn ended(self) -> Option<Date> {
        match self {
            Validity::Effective { .. } => None,
            Validity::Expired { on, .. } | Validity::Abolished { on, .. } => Some(on),
        }
    }
    /// Whether it is in force on `day`.
    pub fn in_force_on(self, day: Date) -> bool {
        self.since() <= day && self.ended().is_none_or(|end| end > day)
    }
    /// From the stored code and dates.
    pub fn parse(code: &str, since: Option<Date>, ended: Option<Date>) -> Option<Validity> {
        let since = since?;
        match (code.trim(), ended) {
            ("effective" | "有效", None) => Some(Validity::Effective { since }),
            ("expired" | "失效", Some(on)) => Some(Validity::Expired { since, on }),
            ("abolished" | "废止", Some(on)) => Some(Validity::Abolished { since, on }),
            _ => None,
        }
    }
}

/// Why an item's fields are refused (messages for staff, in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("标题不能为空，且不超过300个字符")]
    Title,
    #[error("发布机构不能为空，且不超过100个字符")]
    Issuer,
    #[error("不予公开必须写明理由（依据的条款）")]
    NoReason,
    #[error("{0}必须登记效力状态（有效、失效或废止）及生效日期")]
    NoValidity(&'static str),
    #[error("只有规章和行政规范性文件登记效力状态")]
    ValidityNotApplicable,
    #[error("失效或废止日期（{end}）不能早于生效日期（{since}）")]
    ValidityDates { since: Date, end: Date },
    #[error("至少选择一个公开渠道")]
    NoChannel,
    #[error("附件名称不能为空，且不超过200个字符")]
    Attachment,
}

/// The fields staff enter for an item (everything but the 索引号, the workflow and the dates
/// of publication, which the system keeps).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemFields {
    pub title: String,
    /// The body as HTML (as the editor produced it).
    pub body_html: String,
    /// 发文字号, normalised by [`ItemFields::normalize`].
    pub doc_number: Option<String>,
    /// 发布机构
    pub issuer: String,
    /// 成文日期
    pub written_on: Date,
    pub topic: Topic,
    pub genre: Genre,
    pub kind: DocKind,
    pub disclosure: Disclosure,
    /// Only for rules and normative documents.
    pub validity: Option<Validity>,
    pub channels: Vec<Channel>,
    /// (file name, link or stored path)
    pub attachments: Vec<(String, String)>,
}

impl ItemFields {
    /// Trims text, normalises the 文号 and orders the channels; then checks the rules.
    pub fn normalize(mut self) -> Result<ItemFields, ItemError> {
        self.title = self.title.trim().to_string();
        self.issuer = self.issuer.trim().to_string();
        self.doc_number = self.doc_number.as_deref().and_then(normalize_doc_number).filter(|s| !s.is_empty());
        if let Disclosure::NotDisclosed { reason } = &mut self.disclosure {
            *reason = reason.trim().to_string();
        }
        self.channels.sort();
        self.channels.dedup();
        for (name, href) in &mut self.attachments {
            *name = name.trim().to_string();
            *href = href.trim().to_string();
        }
        self.validate()?;
        Ok(self)
    }

    pub fn validate(&self) -> Result<(), ItemError> {
        let len = |s: &str| s.chars().count();
        if self.title.trim().is_empty() || len(&self.title) > 300 {
            return Err(ItemError::Title);
        }
        if self.issuer.trim().is_empty() || len(&self.issuer) > 100 {
            return Err(ItemError::Issuer);
        }
        if matches!(&self.disclosure, Disclosure::NotDisclosed { reason } if reason.trim().is_empty()) {
            return Err(ItemError::NoReason);
        }
        match (self.kind, self.validity) {
            (DocKind::Rule | DocKind::Normative, None) => return Err(ItemError::NoValidity(self.kind.label())),
            (DocKind::Other, Some(_)) => return Err(ItemError::ValidityNotApplicable),
            (_, Some(v)) => {
                if let Some(end) = v.ended().filter(|end| *end < v.since()) {
                    return Err(ItemError::ValidityDates { since: v.since(), end });
                }
            }
            (DocKind::Other, None) => {}
        }
        if self.channels.is_empty() {
            return Err(ItemError::NoChannel);
        }
        if self.attachments.iter().any(|(name, _)| name.trim().is_empty() || len(name) > 200) {
            return Err(ItemError::Attachment);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn fields() -> ItemFields {
        ItemFields {
            title: " 示例市政府信息公开规定 ".into(),
            body_html: "<p>第一条</p>".into(),
            doc_number: Some("示政发[2024]3号".into()),
            issuer: "示例市人民政府".into(),
            written_on: date(2024, 3, 1),
            topic: Topic::General,
            genre: Genre::Provisions,
            kind: DocKind::Rule,
            disclosure: Disclosure::Proactive,
            validity: Some(Validity::Effective { since: date(2024, 4, 1) }),
            channels: vec![Channel::Website, Channel::Gazette, Channel::Website],
            attachments: vec![],
        }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.code()), Some(*t));
            assert_eq!(Topic::parse(t.label()), Some(*t));
        }
        for g in Genre::ALL {
            assert_eq!(Genre::parse(g.label()), Some(*g));
        }
        assert_eq!(Channel::parse("政务微信"), Some(Channel::Wechat));
        assert_eq!(Channel::parse_any("公报"), Some(Channel::Gazette));
        assert_eq!(DocKind::parse("规章"), Some(DocKind::Rule));
        assert_eq!(Disclosure::parse("不予公开", Some("第十四条")).unwrap().reason(), Some("第十四条"));
    }

    #[test]
    fn normalisation_trims_and_orders() {
        let f = fields().normalize().unwrap();
        assert_eq!(f.title, "示例市政府信息公开规定");
        assert_eq!(f.doc_number.as_deref(), Some("示政发〔2024〕3号"));
        assert_eq!(f.channels, vec![Channel::Website, Channel::Gazette]);
    }

    #[test]
    fn the_rules_of_metadata() {
        type Change = fn(&mut ItemFields);
        let cases: [(Change, Option<ItemError>); 7] = [
            (|_| {}, None),
            (|f| f.title = "  ".into(), Some(ItemError::Title)),
            (|f| f.disclosure = Disclosure::NotDisclosed { reason: " ".into() }, Some(ItemError::NoReason)),
            (|f| f.validity = None, Some(ItemError::NoValidity("规章"))),
            (|f| f.kind = DocKind::Other, Some(ItemError::ValidityNotApplicable)),
            (
                |f| f.validity = Some(Validity::Abolished { since: date(2024, 4, 1), on: date(2024, 1, 1) }),
                Some(ItemError::ValidityDates { since: date(2024, 4, 1), end: date(2024, 1, 1) }),
            ),
            (|f| f.channels.clear(), Some(ItemError::NoChannel)),
        ];
        for (i, (change, want)) in cases.into_iter().enumerate() {
            let mut f = fields();
            change(&mut f);
            assert_eq!(f.validate().err(), want, "case {i}");
        }
    }

    #[test]
    fn validity_in_force() {
        let v = Validity::Abolished { since: date(2020, 1, 1), on: date(2024, 6, 30) };
        assert!(!v.in_force_on(date(2019, 12, 31)));
        assert!(v.in_force_on(date(2024, 6, 29)));
        assert!(!v.in_force_on(date(2024, 6, 30)));
        assert_eq!(Validity::parse("abolished", Some(date(2020, 1, 1)), Some(date(2024, 6, 30))), Some(v));
        assert_eq!(Validity::parse("effective", Some(date(2020, 1, 1)), Some(date(2024, 6, 30))), None);
    }
}
