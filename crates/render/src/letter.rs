//! Reply letters (答复书/告知书) to applications: facts, decision with its legal basis, and the
//! remedy notice, for every statutory outcome.

use gongkai_core::case::{DenialReason, NotProcessedReason, OtherDisposition, Outcome, ReplyText, UnableReason};
use jiff::civil::Date;

use crate::narrative::DRAFT_MARK;

/// The Regulation as letters cite it.
const REGULATION: &str = "《中华人民共和国政府信息公开条例》";

/// The organ that is responsible for disclosing the information (Art. 36(五)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsibleOrgan {
    pub name: String,
    /// Address, telephone or other contact details as they should be printed.
    pub contact: String,
}

/// What a reply letter needs.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterInput {
    /// The organ that replies (signs the letter).
    pub agency: String,
    pub applicant: String,
    /// 收到申请之日.
    pub received: Date,
    /// The application's tracking code (申请编号).
    pub tracking_code: String,
    /// The information requested, one entry per item, as the applicant described it.
    pub items: Vec<String>,
    pub outcome: Outcome,
    pub reply_date: Date,
    /// Free text completing the decision: the reasons for withholding (不予公开、部分公开), how
    /// and where the information is provided (予以公开), where to turn (信访、出版物) …
    pub reasons: Option<String>,
    /// For 36(五): the organ responsible for the information, when it can be identified.
    pub responsible_organ: Option<ResponsibleOrgan>,
    /// For 逾期未缴费: the fee notified, in yuan.
    pub fee_yuan: Option<u64>,
    /// The 行政复议机关 to name in the remedy notice; generic wording when absent.
    pub review_organ: Option<String>,
    /// The 人民法院 to name in the remedy notice; generic wording when absent.
    pub court: Option<String>,
    /// What was withheld from the files provided (区分处理): each file with the kinds of data
    /// masked and how many places.
    pub withheld: Vec<WithheldFile>,
}

/// A file provided with the reply from which content was withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithheldFile {
    pub name: String,
    /// (what, e.g. 身份证号码, how many places)
    pub kinds: Vec<(String, usize)>,
}

/// The paragraph telling what was withheld from the files provided and on which articles
/// (Art. 15 personal privacy, Art. 37 区分处理), if anything was.
fn withheld_paragraph(input: &LetterInput) -> Option<String> {
    if input.withheld.is_empty() || !matches!(input.outcome, Outcome::Granted { .. } | Outcome::Partial) {
        return None;
    }
    let files: Vec<String> = input
        .withheld
        .iter()
        .map(|f| {
            let kinds: Vec<String> = f.kinds.iter().map(|(k, n)| format!("{k}{n}处")).collect();
            format!("《{}》中的{}", f.name, kinds.join("、"))
        })
        .collect();
    Some(format!(
        "向您提供的文件中，{}涉及个人隐私，公开会对第三方合法权益造成损害，根据{REGULATION}第十五条、第三十七条的规定，\
         已作区分处理（以“■”遮盖），其余内容予以提供。",
        files.join("；")
    ))
}

impl LetterInput {
    /// The parts of the letter the handler wrote into the answer (reasons, the responsible
    /// organ and its contact), where written.
    pub fn with_reply_text(mut self, text: &ReplyText) -> LetterInput {
        if !text.reasons.trim().is_empty() {
            self.reasons = Some(text.reasons.clone());
        }
        if !text.responsible_organ.trim().is_empty() {
            self.responsible_organ = Some(ResponsibleOrgan {
                name: text.responsible_organ.trim().to_string(),
                contact: text.responsible_contact.trim().to_string(),
            });
        }
        self
    }

    /// A letter input with the optional parts left empty.
    pub fn new(
        agency: impl Into<String>,
        applicant: impl Into<String>,
        received: Date,
        tracking_code: impl Into<String>,
        items: Vec<String>,
        outcome: Outcome,
        reply_date: Date,
    ) -> LetterInput {
        LetterInput {
            agency: agency.into(),
            applicant: applicant.into(),
            received,
            tracking_code: tracking_code.into(),
            items,
            outcome,
            reply_date,
            reasons: None,
            responsible_organ: None,
            fee_yuan: None,
            review_organ: None,
            court: None,
            withheld: Vec::new(),
        }
    }
}

/// The title of the letter for an outcome. Decisions on disclosure are 答复书; the letters
/// that refuse or end processing are 告知书 named after what they tell.
pub fn title(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Granted { .. } | Outcome::Partial => "政府信息公开申请答复书",
        Outcome::Denied(DenialReason::AdminQuery) => "政府信息公开申请告知书",
        Outcome::Denied(_) => "政府信息不予公开告知书",
        Outcome::Unable(UnableReason::NotExist) => "政府信息不存在告知书",
        Outcome::Unable(UnableReason::NotThisOrgan) => "非本机关政府信息告知书",
        Outcome::Unable(_) | Outcome::NotProcessed(_) | Outcome::Other(_) => "政府信息公开申请告知书",
    }
}

/// How the letter refers to itself: 本答复书 / 本告知书.
fn self_name(outcome: Outcome) -> &'static str {
    if title(outcome).ends_with("答复书") { "本答复书" } else { "本告知书" }
}

/// How a paragraph of a letter is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterParaKind {
    /// Indented body text.
    Body,
    /// One requested item, in the list after the facts.
    Item,
}

/// One paragraph of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterPara {
    pub kind: LetterParaKind,
    pub text: String,
}

impl LetterPara {
    fn body(text: impl Into<String>) -> Self {
        LetterPara { kind: LetterParaKind::Body, text: text.into() }
    }
    /// Whether the paragraph still carries the draft mark.
    pub fn is_draft(&self) -> bool {
        self.text.contains(DRAFT_MARK)
    }
}

/// A letter as a document: every output draws this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub title: &'static str,
    /// "申请编号：…", printed under the title.
    pub number: String,
    /// "张三：".
    pub salutation: String,
    pub body: Vec<LetterPara>,
    /// "特此告知。": printed on the page of the signature.
    pub closing: &'static str,
    /// The replying organ.
    pub signature: String,
    /// The reply date as printed ("2025年3月20日").
    pub date: String,
}

impl Letter {
    /// What is still to be filled in: the text of every paragraph carrying the draft mark,
    /// without the mark (empty when the letter can be signed and delivered).
    pub fn missing(&self) -> Vec<String> {
        self.body.iter().filter(|p| p.is_draft()).map(|p| p.text.replace(DRAFT_MARK, "")).collect()
    }
}

/// A date as official documents print it: 2025年3月5日.
pub fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The free text, or a marked request to write it.
fn reasons_or(input: &LetterInput, ask: &str) -> String {
    match input.reasons.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => ensure_full_stop(r),
        _ => format!("{DRAFT_MARK}{ask}"),
    }
}

fn ensure_full_stop(s: &str) -> String {
    if s.ends_with(['。', '！', '；', '”']) { s.to_string() } else { format!("{s}。") }
}

/// "根据《中华人民共和国政府信息公开条例》第…的规定".
fn basis(outcome: Outcome) -> String {
    format!("根据{REGULATION}{}的规定", outcome.article())
}

/// What the organ found and decided, with the article, for each outcome.
fn decision(input: &LetterInput) -> Vec<String> {
    use DenialReason as D;
    use NotProcessedReason as N;
    use OtherDisposition as O;
    use UnableReason as U;
    let o = input.outcome;
    let b = basis(o);
    match o {
        Outcome::Granted { already_public: true } => vec![
            format!("经审查，您申请获取的政府信息已经主动公开。{b}，现告知您获取该政府信息的方式和途径："),
            reasons_or(input, "请写明该政府信息的公开网址、栏目或者查阅地点。"),
        ],
        Outcome::Granted { already_public: false } => vec![
            format!("经审查，您申请获取的政府信息属于可以公开的政府信息。{b}，本机关决定予以公开。"),
            reasons_or(input, "请写明提供方式，或者获取该政府信息的方式、途径和时间。"),
        ],
        Outcome::Partial => vec![
            format!(
                "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。{b}，\
                 本机关向您提供可以公开的政府信息内容，对不予公开的内容说明理由如下："
            ),
            reasons_or(input, "请写明提供的内容和方式，并逐项说明不予公开部分的理由。"),
        ],
        Outcome::Denied(D::AdminQuery) => vec![
            format!(
                "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。\
                 {b}，请您依照有关法律、行政法规的规定办理。"
            ),
            reasons_or(input, "请写明适用的法律、行政法规和办理途径。"),
        ],
        Outcome::Denied(reason) => {
            let ground = match reason {
                D::StateSecret => "属于依法确定为国家秘密的政府信息",
                D::LawForbidden => "属于法律、行政法规禁止公开的政府信息",
                D::ThreeSafety => "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
                D::ThirdParty => "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
                D::InternalAffairs => "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
                D::ProcessInfo => {
                    "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
                }
                D::EnforcementFile => "属于行政执法案卷信息",
                D::AdminQuery => unreachable!("handled above"),
            };
            vec![
                format!("经审查，您申请获取的政府信息{ground}。{b}，本机关决定不予公开。理由如下："),
                reasons_or(input, "请写明不予公开的具体理由。"),
            ]
        }
        Outcome::Unable(U::NotExist) => {
            vec![format!("经检索查找，本机关未制作或者获取您申请公开的政府信息。{b}，告知您该政府信息不存在。")]
        }
        Outcome::Unable(U::NotThisOrgan) => {
            let organ = match &input.responsible_organ {
                Some(org) => {
                    format!("负责公开该政府信息的行政机关为{}，联系方式：{}。", org.name, ensure_no_stop(&org.contact))
                }
                None => format!("{DRAFT_MARK}能够确定负责公开该政府信息的行政机关的，请写明其名称和联系方式。"),
            };
            vec![
                format!("经审查，您申请公开的政府信息不属于本机关负责公开的范围。{b}，现告知如下："),
                reasons_or(input, "请说明理由。"),
                organ,
            ]
        }
        Outcome::Unable(U::NeedsCreation) => vec![format!(
            "经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析方能形成。{b}，本机关不予提供。"
        )],
        Outcome::Unable(U::StillUnclear) => vec![format!(
            "本机关已告知您对申请内容作出补正。经审查，补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。\
             {b}，本机关无法提供。您可以在明确所需政府信息的名称、文号或者便于查询的其他特征性描述后，重新提出申请。"
        )],
        Outcome::NotProcessed(N::Petition) => vec![
            format!(
                "经审查，您提出的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。{b}，\
                 本机关不作为政府信息公开申请处理。"
            ),
            reasons_or(input, "可以告知通过相应渠道提出的，请写明渠道。"),
        ],
        Outcome::NotProcessed(N::Duplicate) => vec![format!(
            "经审查，本机关已就您提出的相同政府信息公开申请作出答复，您本次系重复申请公开相同政府信息。{b}，本机关不予重复处理。"
        )],
        Outcome::NotProcessed(N::Publication) => vec![
            format!("经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。{b}，现告知获取途径："),
            reasons_or(input, "请写明该出版物的获取途径。"),
        ],
        Outcome::NotProcessed(N::Massive) => vec![format!(
            "您申请公开政府信息的数量、频次明显超过合理范围。本机关已要求您说明理由，经审查认为申请理由不合理。{b}，本机关不予处理。"
        )],
        Outcome::NotProcessed(N::Confirm) => {
            // No article of the Regulation names this case: no basis is cited.
            let mut v = vec![
                "经审查，您的申请系要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请，本机关不作为政府信息公开申请处理。"
                    .to_string(),
            ];
            if let Some(r) = input.reasons.as_deref().filter(|r| !r.trim().is_empty()) {
                v.push(ensure_full_stop(r.trim()));
            }
            v
        }
        Outcome::Other(O::NoCorrection) => vec![format!(
            "本机关已一次性告知您对申请内容作出补正，并说明了需要补正的事项和补正期限。您无正当理由逾期未补正。{b}，\
             视为您放弃申请，本机关不再处理该政府信息公开申请。"
        )],
        Outcome::Other(O::NoFee) => {
            let amount = match input.fee_yuan {
                Some(y) => format!("信息处理费{y}元"),
                None => "信息处理费".to_string(),
            };
            vec![format!(
                "本机关已向您发出收费通知，告知您应当缴纳{amount}。您未在收费通知规定的期限内缴纳。\
                 根据{REGULATION}{}和《政府信息公开信息处理费管理办法》的规定，\
                 视为您放弃申请，本机关不再处理该政府信息公开申请。",
                o.article()
            )]
        }
        Outcome::Other(O::Withdrawn) => {
            vec!["您已撤回上述政府信息公开申请，本机关对该申请不再处理。".to_string()]
        }
    }
}

fn ensure_no_stop(s: &str) -> &str {
    s.trim().trim_end_matches('。')
}

/// The remedy notice (Art. 51). The periods are those of 《中华人民共和国行政复议法》 (sixty
/// days) and 《中华人民共和国行政诉讼法》 (six months); regulation.md §8 marks them as not checked
/// against the current texts, and the revised 行政复议法 is understood to require review before
/// suit in some disclosure cases, so the notice defers to the law on that point.
pub fn remedy_notice(input: &LetterInput) -> String {
    let own = self_name(input.outcome);
    let organ = input.review_organ.as_deref().unwrap_or("行政复议机关");
    let court = input.court.as_deref().unwrap_or("人民法院");
    format!(
        "如对{own}不服，可以自收到{own}之日起六十日内向{organ}依法申请行政复议，\
         或者自收到{own}之日起六个月内依法向{court}提起行政诉讼。\
         法律、行政法规规定应当先申请行政复议的，依照其规定。"
    )
}

/// The letter for an application's outcome.
pub fn letter(input: &LetterInput) -> Letter {
    let mut body = Vec::new();
    let items: Vec<&str> = input.items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    let received = date_zh(input.received);
    let code = &input.tracking_code;
    match items.as_slice() {
        [] => body.push(LetterPara::body(format!(
            "本机关于{received}收到您提出的政府信息公开申请（申请编号：{code}）。现答复如下："
        ))),
        [one] => body.push(LetterPara::body(format!(
            "本机关于{received}收到您提出的政府信息公开申请（申请编号：{code}），您申请获取“{}”。现答复如下：",
            one.trim_end_matches('。')
        ))),
        many => {
            body.push(LetterPara::body(format!(
                "本机关于{received}收到您提出的政府信息公开申请（申请编号：{code}），您申请获取以下政府信息："
            )));
            for (i, item) in many.iter().enumerate() {
                body.push(LetterPara { kind: LetterParaKind::Item, text: format!("{}. {item}", i + 1) });
            }
            body.push(LetterPara::body("现答复如下："));
        }
    }
    body.extend(decision(input).into_iter().map(LetterPara::body));
    body.extend(withheld_paragraph(input).map(LetterPara::body));
    body.push(LetterPara::body(remedy_notice(input)));
    Letter {
        title: title(input.outcome),
        number: format!("申请编号：{code}"),
        salutation: format!("{}：", input.applicant.trim()),
        body,
        closing: "特此告知。",
        signature: input.agency.clone(),
        date: date_zh(input.reply_date),
    }
}

/// A notice of a step of the procedure (not of the outcome): what it says besides the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepNoticeKind {
    /// 补正告知书 (Art. 30): the matters to correct, at once, and the period.
    Correction { what: String, correct_by: Date },
    /// 延期答复告知书 (Art. 33 para. 2): why, and the new deadline when known.
    Extension { reasons: String, new_due: Option<Date> },
    /// 征求意见书 to a third party (Art. 32), addressed to it; names no applicant.
    Consultation { whom: String },
}

/// What a step notice needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepNotice {
    pub agency: String,
    pub applicant: String,
    pub received: Date,
    pub tracking_code: String,
    pub items: Vec<String>,
    /// The day of the step (the notice's date).
    pub on: Date,
    pub kind: StepNoticeKind,
}

/// The notice of a step, as a document like a reply letter.
pub fn step_notice(n: &StepNotice) -> Letter {
    let received = date_zh(n.received);
    let code = &n.tracking_code;
    let mut body = Vec::new();
    let lines = |text: &str| -> Vec<LetterPara> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| LetterPara { kind: LetterParaKind::Item, text: l.to_string() })
            .collect()
    };
    let (title, salutation) = match &n.kind {
        StepNoticeKind::Correction { what, correct_by } => {
            body.push(LetterPara::body(format!(
                "本机关于{received}收到您提出的政府信息公开申请（申请编号：{code}）。经审查，您的申请内容不明确。\
                 根据{REGULATION}第三十条的规定，请您对下列事项作出补正："
            )));
            body.extend(lines(what));
            body.push(LetterPara::body(format!(
                "请于{}前提交补正（可凭查询码和查询密码在网上提交）。答复期限自本机关收到补正的申请之日起计算。\
                 无正当理由逾期不补正的，视为您放弃申请，本机关不再处理该政府信息公开申请。",
                date_zh(*correct_by)
            )));
            ("政府信息公开申请补正告知书", format!("{}：", n.applicant.trim()))
        }
        StepNoticeKind::Extension { reasons, new_due } => {
            let until = new_due.map(|d| format!("，本机关将于{}前作出答复", date_zh(d))).unwrap_or_default();
            body.push(LetterPara::body(format!(
                "本机关于{received}收到您提出的政府信息公开申请（申请编号：{code}）。因{}，本机关不能在规定期限内作出答复。\
                 根据{REGULATION}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日{until}。",
                ensure_no_stop(reasons)
            )));
            ("政府信息公开申请延期答复告知书", format!("{}：", n.applicant.trim()))
        }
        StepNoticeKind::Consultation { whom } => {
            body.push(LetterPara::body(format!(
                "本机关于{received}收到政府信息公开申请（申请编号：{code}），申请公开的下列政府信息可能涉及贵方的合法权益："
            )));
            body.extend(
                n.items
                    .iter()
                    .map(|i| i.trim())
                    .filter(|i| !i.is_empty())
                    .map(|i| LetterPara { kind: LetterParaKind::Item, text: i.to_string() }),
            );
            body.push(LetterPara::body(format!(
                "根据{REGULATION}第三十二条的规定，现书面征求贵方意见。请自收到本意见书之日起15个工作日内提出书面意见，\
                 并说明同意或者不同意公开的理由；逾期未提出意见的，由本机关依照{REGULATION}的规定决定是否公开。"
            )));
            ("政府信息公开征求第三方意见书", format!("{}：", whom.trim()))
        }
    };
    let closing =
        if matches!(n.kind, StepNoticeKind::Consultation { .. }) { "特此函询。" } else { "特此告知。" };
    Letter {
        title,
        number: format!("申请编号：{code}"),
        salutation,
        body,
        closing,
        signature: n.agency.clone(),
        date: date_zh(n.on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn step_notices_cite_their_article_and_say_what_the_handler_wrote() {
        let notice = |kind| StepNotice {
            agency: "示例市示例局".into(),
            applicant: "张三".into(),
            received: date(2025, 3, 3),
            tracking_code: "2025-00000001-7".into(),
            items: vec!["某项目批复".into()],
            on: date(2025, 3, 5),
            kind,
        };
        let text = |l: &Letter| l.body.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
        let cases = [
            (
                StepNoticeKind::Correction {
                    what: "请写明文号\n请写明年份".into(), correct_by: date(2025, 3, 20)
                },
                "补正告知书",
                "第三十条",
                "2025年3月20日前",
                "张三：",
            ),
            (
                StepNoticeKind::Extension { reasons: "需要调取档案。".into(), new_due: Some(date(2025, 4, 30)) },
                "延期答复告知书",
                "第三十三条第二款",
                "因需要调取档案，",
                "张三：",
            ),
            (
                StepNoticeKind::Consultation { whom: "某建设公司".into() },
                "征求第三方意见书",
                "第三十二条",
                "15个工作日内",
                "某建设公司：",
            ),
        ];
        for (kind, title, article, words, salutation) in cases {
            let l = step_notice(&notice(kind));
            let t = text(&l);
            assert!(l.title.ends_with(title), "{}", l.title);
            assert!(t.contains(article) && t.contains(words), "{t}");
            assert_eq!(l.salutation, salutation);
            assert_eq!(l.date, "2025年3月5日");
            assert!(l.missing().is_empty());
        }
        let l = step_notice(&notice(StepNoticeKind::Consultation { whom: "某建设公司".into() }));
        assert!(!text(&l).contains("张三"), "the third party is not told who applied");
    }

    #[test]
    fn a_letter_names_what_was_withheld_and_on_which_articles() {
        let mut i = input(Outcome::Partial);
        i.withheld = vec![WithheldFile {
            name: "项目批复（区分处理）.docx".into(),
            kinds: vec![("身份证号码".into(), 2), ("手机号码".into(), 1)],
        }];
        let text: String = letter(&i).body.iter().map(|p| p.text.clone()).collect();
        assert!(
            text.contains("《项目批复（区分处理）.docx》中的身份证号码2处、手机号码1处")
                && text.contains("第十五条、第三十七条的规定"),
            "{text}"
        );
        i.outcome = Outcome::Unable(UnableReason::NotExist);
        let text: String = letter(&i).body.iter().map(|p| p.text.clone()).collect();
        assert!(!text.contains("区分处理"), "only when information is provided");
    }

    fn input(outcome: Outcome) -> LetterInput {
        LetterInput::new(
            "示例市示例局",
            "张三",
            date(2025, 3, 3),
            "YSQ-2025-0001",
            vec!["2024年度示例项目的审批文件".into()],
            outcome,
            date(2025, 3, 20),
        )
    }

    fn text(l: &Letter) -> String {
        l.body.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn every_outcome_cites_its_article_and_the_remedies() {
        for outcome in Outcome::all() {
            let l = letter(&input(outcome));
            let t = text(&l);
            if !outcome.article().is_empty() {
                assert!(t.contains(&format!("根据{REGULATION}{}", outcome.article())), "{outcome:?}: {t}");
            }
            assert!(t.contains("六十日内"), "{outcome:?}");
            assert!(t.contains("六个月内"), "{outcome:?}");
            assert!(t.contains("2025年3月3日") && t.contains("YSQ-2025-0001"), "{outcome:?}");
            assert_eq!(l.date, "2025年3月20日");
            assert!(t.contains(self_name(outcome)), "{outcome:?}");
        }
    }

    #[test]
    fn missing_reasons_are_marked_as_drafts() {
        let l = letter(&input(Outcome::Denied(DenialReason::ThirdParty)));
        assert!(l.body.iter().any(LetterPara::is_draft));
        let mut i = input(Outcome::Denied(DenialReason::ThirdParty));
        i.reasons = Some("该信息包含第三方的商业秘密，第三方书面不同意公开".into());
        let l = letter(&i);
        assert!(!l.body.iter().any(LetterPara::is_draft));
        assert!(text(&l).contains("第三方书面不同意公开。"));
    }

    #[test]
    fn not_this_organ_names_the_responsible_organ() {
        let mut i = input(Outcome::Unable(UnableReason::NotThisOrgan));
        i.reasons = Some("该信息由市自然资源局制作并保存".into());
        i.responsible_organ =
            Some(ResponsibleOrgan { name: "示例市自然资源局".into(), contact: "0000-12345678。".into() });
        let t = text(&letter(&i));
        assert!(t.contains("负责公开该政府信息的行政机关为示例市自然资源局，联系方式：0000-12345678。"), "{t}");
        assert_eq!(title(i.outcome), "非本机关政府信息告知书");
    }

    #[test]
    fn fee_lapse_states_the_amount() {
        let mut i = input(Outcome::Other(OtherDisposition::NoFee));
        i.fee_yuan = Some(2200);
        assert!(text(&letter(&i)).contains("信息处理费2200元"));
    }

    #[test]
    fn several_items_are_listed() {
        let mut i = input(Outcome::Partial);
        i.items = vec!["甲".into(), "乙".into()];
        let l = letter(&i);
        let items: Vec<&str> =
            l.body.iter().filter(|p| p.kind == LetterParaKind::Item).map(|p| p.text.as_str()).collect();
        assert_eq!(items, ["1. 甲", "2. 乙"]);
    }
}
