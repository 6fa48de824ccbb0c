//! Applications under the Regulation (依申请公开): applicant, channel, lifecycle with legal
//! transitions, outcomes, fees, and the year-end tally of table 三.

pub mod delivery;
pub mod fee;
pub mod outcome;
pub mod review;
pub mod tally;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, DEFAULT_DAYS, DeadlineRequest};
use crate::keys::T3Col;
pub use outcome::{DenialReason, NotProcessedReason, OtherDisposition, Outcome, UnableReason};

/// Who applies (申请人): a natural person or one of the five kinds of 法人或其他组织.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantKind {
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
    /// 其他 (法人或其他组织)
    OtherOrg,
}

impl ApplicantKind {
    pub const ALL: [ApplicantKind; 6] = [
        ApplicantKind::Natural,
        ApplicantKind::Commercial,
        ApplicantKind::Research,
        ApplicantKind::PublicInterest,
        ApplicantKind::LegalService,
        ApplicantKind::OtherOrg,
    ];
    /// The column of table 三 the applicant is counted in.
    pub fn column(self) -> T3Col {
        match self {
            ApplicantKind::Natural => T3Col::Natural,
            ApplicantKind::Commercial => T3Col::Commercial,
            ApplicantKind::Research => T3Col::Research,
            ApplicantKind::PublicInterest => T3Col::PublicInterest,
            ApplicantKind::LegalService => T3Col::LegalService,
            ApplicantKind::OtherOrg => T3Col::OtherOrg,
        }
    }
    pub fn label(self) -> &'static str {
        self.column().label()
    }
}

/// How the application arrived; decides how its receipt date (收到申请之日) is fixed (Art. 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交: received the day it is handed in.
    InPerson,
    /// 口头申请, written down by the office (Art. 29): treated as in person.
    Oral,
    /// 邮寄 requiring signature (挂号、特快专递): received the day the organ signs.
    PostSigned,
    /// 平常信函: received the day the office confirms with the applicant.
    PostUnsigned,
    /// 互联网渠道 (web platform, e-mail): received the day both sides confirm.
    Online,
    /// 传真: received the day both sides confirm.
    Fax,
}

impl Channel {
    /// Whether the receipt date waits for a confirmation with the applicant (Art. 31).
    pub fn needs_confirmation(self) -> bool {
        matches!(self, Channel::PostUnsigned | Channel::Online | Channel::Fax)
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面",
            Channel::Oral => "口头",
            Channel::PostSigned => "信函（需签收）",
            Channel::PostUnsigned => "平常信函",
            Channel::Online => "网络",
            Channel::Fax => "传真",
        }
    }
}

/// Whom the organ consults; the time is not counted in the reply period (Art. 33 para. 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consulted {
    /// 第三方 (Art. 32)
    ThirdParty,
    /// 其他机关 (Art. 34)
    OtherOrgan,
}

/// Where an application stands. Each stage holds exactly what it needs, so an answered
/// application cannot be answered again and an unconfirmed one has no deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "stage")]
pub enum Stage {
    /// Registered; the receipt date waits for confirmation with the applicant (Art. 31).
    AwaitingConfirmation,
    /// The clock runs.
    Processing,
    /// 补正 requested (Art. 30); the applicant has until `correct_by`.
    AwaitingCorrection { requested_on: Date, correct_by: Date },
    /// Consultation under way since `since`; the clock is paused.
    Consulting { since: Date, party: Consulted },
    /// Fee notice issued; the clock is paused until payment (configurable in 109号 practice).
    AwaitingPayment { notice_on: Date, amount_yuan: u64 },
    /// Ended with a statutory outcome.
    Concluded { on: Date, outcome: Outcome },
}

/// What changes an application. Each is recorded with who did it by the store's audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    ConfirmReceipt {
        on: Date,
    },
    /// 补正 (Art. 30): what must be corrected, told at once, and by when.
    RequestCorrection {
        on: Date,
        correct_by: Date,
        /// The matters to correct, as the notice (补正告知书) states them (older records have none).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        what: String,
    },
    ReceiveCorrection {
        on: Date,
        /// The correction as the applicant gave it (online), or the clerk's note of it.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text: String,
    },
    CorrectionLapsed {
        on: Date,
    },
    /// 征求意见: of a third party (Art. 32, who has 15 working days to answer) or another organ
    /// (Art. 34); the time taken is not counted in the reply period.
    StartConsultation {
        on: Date,
        party: Consulted,
        /// Who is consulted, as the 征求意见书 names them (older records have none).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        whom: String,
    },
    EndConsultation {
        on: Date,
    },
    /// 延期答复 (Art. 33 para. 2): approved by the head of the disclosure office and told to the
    /// applicant with its reasons.
    ApproveExtension {
        on: Date,
        /// Why more time is needed, as the 延期答复告知书 states it (older records have none).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reasons: String,
    },
    IssueFeeNotice {
        on: Date,
        amount_yuan: u64,
    },
    RecordPayment {
        on: Date,
    },
    FeeLapsed {
        on: Date,
    },
    Answer {
        on: Date,
        outcome: Outcome,
        /// What the letter says besides the decision (older records have none).
        #[serde(default, skip_serializing_if = "ReplyText::is_empty")]
        text: ReplyText,
    },
    Withdraw {
        on: Date,
    },
}

/// What the handler writes into the reply letter (答复书、告知书) besides the decision: the
/// reasons, or how and where the information is provided (Art. 36), and for information of
/// another organ the organ and its contact details (Art. 36(五)). Printed as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyText {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasons: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub responsible_organ: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub responsible_contact: String,
}

impl ReplyText {
    /// The text of the last answer in a recorded history (empty when none has any).
    pub fn of_history<'a>(history: impl IntoIterator<Item = &'a Event>) -> ReplyText {
        history
            .into_iter()
            .filter_map(|e| match e {
                Event::Answer { text, .. } => Some(text.clone()),
                _ => None,
            })
            .last()
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.reasons.trim().is_empty()
            && self.responsible_organ.trim().is_empty()
            && self.responsible_contact.trim().is_empty()
    }
}

impl Event {
    pub fn date(&self) -> Date {
        match self {
            Event::ConfirmReceipt { on }
            | Event::RequestCorrection { on, .. }
            | Event::ReceiveCorrection { on, .. }
            | Event::CorrectionLapsed { on }
            | Event::StartConsultation { on, .. }
            | Event::EndConsultation { on }
            | Event::ApproveExtension { on, .. }
            | Event::IssueFeeNotice { on, .. }
            | Event::RecordPayment { on }
            | Event::FeeLapsed { on }
            | Event::Answer { on, .. }
            | Event::Withdraw { on } => *on,
        }
    }
    /// The fee of the last notice in a recorded history, in yuan (逾期未缴费 letters name it).
    pub fn last_fee_yuan<'a>(history: impl IntoIterator<Item = &'a Event>) -> Option<u64> {
        history
            .into_iter()
            .filter_map(|e| match e {
                Event::IssueFeeNotice { amount_yuan, .. } => Some(*amount_yuan),
                _ => None,
            })
            .last()
    }

    /// The letter this step sends out in the agency's name, which an approver signs (签发)
    /// before it goes when a handler prepared it: the reply (答复书), the 补正告知书 (Art. 30), the
    /// 征求第三方意见书 (Art. 32) and the 延期答复告知书 (Art. 33). `None` for steps that send
    /// nothing (a consultation of another organ is an internal letter between offices).
    pub fn signed_letter(&self) -> Option<&'static str> {
        match self {
            Event::Answer { .. } => Some("答复书"),
            Event::RequestCorrection { .. } => Some("补正告知书"),
            Event::StartConsultation { party: Consulted::ThirdParty, .. } => Some("征求第三方意见书"),
            Event::ApproveExtension { .. } => Some("延期答复告知书"),
            _ => None,
        }
    }

    /// What the event is called in the console and in errors.
    pub fn label(&self) -> &'static str {
        match self {
            Event::ConfirmReceipt { .. } => "确认收到申请",
            Event::RequestCorrection { .. } => "告知补正",
            Event::ReceiveCorrection { .. } => "收到补正",
            Event::CorrectionLapsed { .. } => "逾期未补正",
            Event::StartConsultation { .. } => "征求意见",
            Event::EndConsultation { .. } => "征求意见结束",
            Event::ApproveExtension { .. } => "批准延期答复",
            Event::IssueFeeNotice { .. } => "发出收费通知",
            Event::RecordPayment { .. } => "缴费",
            Event::FeeLapsed { .. } => "逾期未缴费",
            Event::Answer { .. } => "答复",
            Event::Withdraw { .. } => "申请人撤回",
        }
    }
}

/// Why an event cannot be applied. Nothing changes when one is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TransitionError {
    #[error("申请已办结，不能再{action}")]
    AlreadyConcluded { action: &'static str },
    #[error("当前状态“{stage}”下不能{action}")]
    NotAllowed { stage: &'static str, action: &'static str },
    #[error("{action}的日期{on}早于上一步的日期{last}")]
    DateBeforeLast { action: &'static str, on: Date, last: Date },
    #[error("{action}的日期{on}晚于今天（{today}），不能预先登记")]
    DateInFuture { action: &'static str, on: Date, today: Date },
    #[error("补正只能告知一次（第三十条：一次性告知）")]
    CorrectionAlreadyRequested,
    #[error("延期答复只能批准一次（第三十三条）")]
    AlreadyExtended,
    #[error("收费金额{amount_yuan}元超出上限（每件不超过{max}元），请核对", max = fee::MAX_FEE_YUAN)]
    FeeTooHigh { amount_yuan: u64 },
    #[error("补正期限{correct_by}不能早于告知日期{on}")]
    CorrectionPeriodInvalid { on: Date, correct_by: Date },
    #[error("“{outcome}”只能因逾期未补正或逾期未缴费而产生，请使用相应操作")]
    OutcomeNeedsLapse { outcome: &'static str },
    #[error("“补正后申请内容仍不明确”要求申请人已提交补正")]
    NoCorrectionReceived,
}

/// The facts that fix the reply deadline (for the calendar's deadline computation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    /// 收到申请之日, once known.
    pub received: Option<Date>,
    /// The day the corrected application was received (Art. 30: the count restarts).
    pub corrected: Option<Date>,
    /// Paused periods, both ends included (consultation; fee notice to payment).
    pub pauses: Vec<(Date, Date)>,
    /// The 20-working-day extension was approved (Art. 33).
    pub extended: bool,
}

/// How an answer kept its deadline (see [`Lifecycle::timeliness`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeliness {
    pub due: Date,
    pub answered: Date,
    /// Working days counted from the start of the count to the answer, pauses left out.
    pub working_days: u32,
}

impl Timeliness {
    /// Answered on or before the deadline (第三十三条).
    pub fn on_time(&self) -> bool {
        self.answered <= self.due
    }
}

/// An application's lifecycle: its stage, its clock facts and the date of its last change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lifecycle {
    pub applicant: ApplicantKind,
    pub channel: Channel,
    pub registered_on: Date,
    pub stage: Stage,
    pub clock: Clock,
    correction_requested: bool,
    last_change: Date,
}

impl Lifecycle {
    /// Registers an application. In-person, oral and signed-for post are received on
    /// registration; the other channels wait for confirmation.
    pub fn register(applicant: ApplicantKind, channel: Channel, on: Date) -> Lifecycle {
        let (stage, received) = if channel.needs_confirmation() {
            (Stage::AwaitingConfirmation, None)
        } else {
            (Stage::Processing, Some(on))
        };
        Lifecycle {
            applicant,
            channel,
            registered_on: on,
            stage,
            clock: Clock { received, ..Clock::default() },
            correction_requested: false,
            last_change: on,
        }
    }

    pub fn stage_label(&self) -> &'static str {
        match self.stage {
            Stage::AwaitingConfirmation => "待确认收到",
            Stage::Processing => "办理中",
            Stage::AwaitingCorrection { .. } => "待补正",
            Stage::Consulting { .. } => "征求意见中",
            Stage::AwaitingPayment { .. } => "待缴费",
            Stage::Concluded { .. } => "已办结",
        }
    }

    /// The outcome and date, once concluded.
    pub fn concluded(&self) -> Option<(Date, Outcome)> {
        match self.stage {
            Stage::Concluded { on, outcome } => Some((on, outcome)),
            _ => None,
        }
    }

    /// What fixes the reply deadline (答复期限) now: the receipt date, 补正, past pauses and the
    /// extension. `None` while the clock does not run towards a known day: receipt not yet
    /// confirmed, 补正 awaited (the count restarts on receipt), a consultation or fee notice
    /// open (the pause has no end yet), or concluded.
    pub fn deadline_request(&self) -> Option<DeadlineRequest> {
        if !matches!(self.stage, Stage::Processing) {
            return None;
        }
        self.clock_request()
    }

    /// The reply period as the clock facts stand, whatever the stage.
    fn clock_request(&self) -> Option<DeadlineRequest> {
        Some(DeadlineRequest {
            received: self.clock.received?,
            days: DEFAULT_DAYS,
            corrected: self.clock.corrected,
            pauses: self.clock.pauses.clone(),
            extend: self.clock.extended,
        })
    }

    /// The reply deadline under `calendar` (see [`Lifecycle::deadline_request`] for when there
    /// is none).
    pub fn due_date(&self, calendar: &Calendar) -> Option<Date> {
        self.deadline_request()?.compute(calendar).ok().map(|d| d.due)
    }

    /// How an answered application kept its deadline (办理时效): the deadline its clock gave
    /// (补正, pauses and the extension as they happened), the day of the answer and the working
    /// days counted to it. `None` until concluded, and for 其他处理 (a lapsed 补正 or fee,
    /// a withdrawal): those end without an answer, so they are neither on time nor late.
    pub fn timeliness(&self, calendar: &Calendar) -> Option<Timeliness> {
        let (answered, outcome) = self.concluded()?;
        if matches!(outcome, Outcome::Other(_)) {
            return None;
        }
        let request = self.clock_request()?;
        let due = request.compute(calendar).ok()?.due;
        let working_days = request.working_days_to(calendar, answered)?;
        Some(Timeliness { due, answered, working_days })
    }

    /// Applies an event that happens now, `today` being the date in China: an event dated
    /// later is refused (a confirmed receipt in the future would make every real next step
    /// "earlier than the last one"). On error nothing changes.
    pub fn apply_as_of(&mut self, event: &Event, today: Date) -> Result<(), TransitionError> {
        if event.date() > today {
            return Err(TransitionError::DateInFuture { action: event.label(), on: event.date(), today });
        }
        self.apply(event)
    }

    /// Applies an event of a recorded history (no check against today); on error nothing
    /// changes.
    pub fn apply(&mut self, event: &Event) -> Result<(), TransitionError> {
        let action = event.label();
        let on = event.date();
        if matches!(self.stage, Stage::Concluded { .. }) {
            return Err(TransitionError::AlreadyConcluded { action });
        }
        if on < self.last_change {
            return Err(TransitionError::DateBeforeLast { action, on, last: self.last_change });
        }
        let not_allowed = TransitionError::NotAllowed { stage: self.stage_label(), action };
        let next = match (&self.stage, event) {
            (_, Event::Withdraw { on }) => {
                Stage::Concluded { on: *on, outcome: Outcome::Other(OtherDisposition::Withdrawn) }
            }
            (Stage::AwaitingConfirmation, Event::ConfirmReceipt { on }) => {
                self.clock.received = Some(*on);
                Stage::Processing
            }
            (Stage::Processing, Event::RequestCorrection { on, correct_by, .. }) => {
                if self.correction_requested {
                    return Err(TransitionError::CorrectionAlreadyRequested);
                }
                if correct_by < on {
                    return Err(TransitionError::CorrectionPeriodInvalid { on: *on, correct_by: *correct_by });
                }
                self.correction_requested = true;
                Stage::AwaitingCorrection { requested_on: *on, correct_by: *correct_by }
            }
            (Stage::AwaitingCorrection { .. }, Event::ReceiveCorrection { on, .. }) => {
                self.clock.corrected = Some(*on);
                Stage::Processing
            }
            (Stage::AwaitingCorrection { .. }, Event::CorrectionLapsed { on }) => {
                Stage::Concluded { on: *on, outcome: Outcome::Other(OtherDisposition::NoCorrection) }
            }
            (Stage::Processing, Event::StartConsultation { on, party, .. }) => {
                Stage::Consulting { since: *on, party: *party }
            }
            (Stage::Consulting { since, .. }, Event::EndConsultation { on }) => {
                self.clock.pauses.push((*since, *on));
                Stage::Processing
            }
            (Stage::Processing, Event::ApproveExtension { .. }) => {
                if self.clock.extended {
                    return Err(TransitionError::AlreadyExtended);
                }
                self.clock.extended = true;
                Stage::Processing
            }
            (Stage::Processing, Event::IssueFeeNotice { on, amount_yuan }) => {
                if *amount_yuan > fee::MAX_FEE_YUAN {
                    return Err(TransitionError::FeeTooHigh { amount_yuan: *amount_yuan });
                }
                Stage::AwaitingPayment { notice_on: *on, amount_yuan: *amount_yuan }
            }
            (Stage::AwaitingPayment { notice_on, .. }, Event::RecordPayment { on }) => {
                self.clock.pauses.push((*notice_on, *on));
                Stage::Processing
            }
            (Stage::AwaitingPayment { .. }, Event::FeeLapsed { on }) => {
                Stage::Concluded { on: *on, outcome: Outcome::Other(OtherDisposition::NoFee) }
            }
            (Stage::Processing, Event::Answer { on, outcome, .. }) => {
                match outcome {
                    Outcome::Other(OtherDisposition::NoCorrection | OtherDisposition::NoFee) => {
                        return Err(TransitionError::OutcomeNeedsLapse { outcome: outcome.label() });
                    }
                    Outcome::Unable(UnableReason::StillUnclear) if self.clock.corrected.is_none() => {
                        return Err(TransitionError::NoCorrectionReceived);
                    }
                    _ => {}
                }
                Stage::Concluded { on: *on, outcome: *outcome }
            }
            _ => return Err(not_allowed),
        };
        self.stage = next;
        self.last_change = on;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn processing() -> Lifecycle {
        Lifecycle::register(ApplicantKind::Natural, Channel::InPerson, date(2025, 3, 3))
    }

    #[test]
    fn receipt_waits_for_confirmation_on_the_channels_of_article_31() {
        for channel in [Channel::PostUnsigned, Channel::Online, Channel::Fax] {
            let mut app = Lifecycle::register(ApplicantKind::Commercial, channel, date(2025, 3, 3));
            assert_eq!(app.clock.received, None, "{channel:?}");
            app.apply(&Event::ConfirmReceipt { on: date(2025, 3, 4) }).unwrap();
            assert_eq!(app.clock.received, Some(date(2025, 3, 4)));
        }
        for channel in [Channel::InPerson, Channel::Oral, Channel::PostSigned] {
            let app = Lifecycle::register(ApplicantKind::Natural, channel, date(2025, 3, 3));
            assert_eq!(app.clock.received, Some(date(2025, 3, 3)), "{channel:?}");
        }
    }

    /// Which steps send a letter in the agency's name and so are signed (签发) before they go:
    /// step, article, letter.
    #[test]
    fn the_steps_that_send_a_letter() {
        let on = date(2025, 3, 5);
        let table: [(Event, &str, Option<&str>); 7] = [
            (Event::RequestCorrection { on, correct_by: on, what: String::new() }, "第三十条", Some("补正告知书")),
            (
                Event::StartConsultation { on, party: Consulted::ThirdParty, whom: String::new() },
                "第三十二条",
                Some("征求第三方意见书"),
            ),
            (Event::StartConsultation { on, party: Consulted::OtherOrgan, whom: String::new() }, "第三十四条", None),
            (Event::ApproveExtension { on, reasons: String::new() }, "第三十三条", Some("延期答复告知书")),
            (
                Event::Answer { on, outcome: Outcome::Granted { already_public: false }, text: ReplyText::default() },
                "第三十六条",
                Some("答复书"),
            ),
            (Event::ConfirmReceipt { on }, "第三十一条", None),
            (Event::Withdraw { on }, "—", None),
        ];
        for (event, article, letter) in table {
            assert_eq!(event.signed_letter(), letter, "{article}: {}", event.label());
        }
    }

    /// Issue 11, point 4: an event dated after today is refused, one dated before the last
    /// step too; today itself and the last step's day are accepted.
    #[test]
    fn events_happen_between_the_last_step_and_today() {
        let today = date(2025, 3, 10);
        let table: [(Date, Option<&str>); 4] = [
            (date(2025, 3, 11), Some("晚于今天")),
            (date(2026, 1, 1), Some("晚于今天")),
            (date(2025, 3, 2), Some("早于上一步")),
            (today, None),
        ];
        for (on, refused) in table {
            let mut app = Lifecycle::register(ApplicantKind::Natural, Channel::Online, date(2025, 3, 3));
            let result = app.apply_as_of(&Event::ConfirmReceipt { on }, today);
            match refused {
                Some(words) => {
                    let e = result.expect_err("refused");
                    assert!(e.to_string().contains(words), "{on}: {e}");
                    assert_eq!(app.clock.received, None, "nothing changes");
                }
                None => assert_eq!(result, Ok(()), "{on}"),
            }
        }
        let mut app = Lifecycle::register(ApplicantKind::Natural, Channel::Online, date(2025, 3, 3));
        assert_eq!(app.apply_as_of(&Event::ConfirmReceipt { on: date(2025, 3, 3) }, today), Ok(()));
    }

    /// Issue 12, failure 5: a fee is a sane amount or refused, never wrapped on storage.
    #[test]
    fn fee_notices_beyond_the_ceiling_are_refused() {
        let table: [(u64, bool); 5] =
            [(0, true), (100, true), (fee::MAX_FEE_YUAN, true), (fee::MAX_FEE_YUAN + 1, false), (u64::MAX, false)];
        for (amount_yuan, accepted) in table {
            let mut app = processing();
            let result = app.apply(&Event::IssueFeeNotice { on: date(2025, 3, 5), amount_yuan });
            assert_eq!(result.is_ok(), accepted, "{amount_yuan}");
            if let Err(e) = result {
                assert_eq!(e, TransitionError::FeeTooHigh { amount_yuan });
                assert!(e.to_string().contains("超出上限"));
            }
        }
    }

    #[test]
    fn a_full_history_records_the_clock_facts() {
        let mut app = processing();
        let events = [
            Event::RequestCorrection { on: date(2025, 3, 5), correct_by: date(2025, 3, 20), what: String::new() },
            Event::ReceiveCorrection { on: date(2025, 3, 10), text: String::new() },
            Event::StartConsultation { on: date(2025, 3, 12), party: Consulted::ThirdParty, whom: String::new() },
            Event::EndConsultation { on: date(2025, 3, 25) },
            Event::ApproveExtension { on: date(2025, 4, 1), reasons: String::new() },
            Event::Answer { on: date(2025, 4, 20), outcome: Outcome::Partial, text: Default::default() },
        ];
        for e in &events {
            app.apply(e).unwrap();
        }
        assert_eq!(app.clock.corrected, Some(date(2025, 3, 10)));
        assert_eq!(app.clock.pauses, vec![(date(2025, 3, 12), date(2025, 3, 25))]);
        assert!(app.clock.extended);
        assert_eq!(app.concluded(), Some((date(2025, 4, 20), Outcome::Partial)));
    }

    #[test]
    fn the_deadline_runs_only_while_processing() {
        let cal = Calendar::official();
        let unconfirmed = Lifecycle::register(ApplicantKind::Natural, Channel::Online, date(2025, 3, 3));
        assert_eq!(unconfirmed.due_date(cal), None);
        let mut app = processing();
        // 2025-03-03 received: 20 working days later is 2025-03-31.
        assert_eq!(app.due_date(cal), Some(date(2025, 3, 31)));
        app.apply(&Event::StartConsultation {
            on: date(2025, 3, 5),
            party: Consulted::ThirdParty,
            whom: String::new(),
        })
        .unwrap();
        assert_eq!(app.due_date(cal), None, "a pause without an end");
        app.apply(&Event::EndConsultation { on: date(2025, 3, 11) }).unwrap();
        // Five working days paused (03-05..03-11 holds 5 working days).
        assert_eq!(app.due_date(cal), Some(date(2025, 4, 8)));
        app.apply(&Event::ApproveExtension { on: date(2025, 3, 20), reasons: String::new() }).unwrap();
        assert_eq!(app.due_date(cal), Some(date(2025, 5, 8)));
        app.apply(&Event::Answer { on: date(2025, 4, 1), outcome: Outcome::Partial, text: Default::default() })
            .unwrap();
        assert_eq!(app.due_date(cal), None);
    }

    /// 办理时效 of answered applications (第三十三条): the deadline as the clock ran, and the
    /// working days counted to the answer. Received Mon 2025-03-03; 20 working days end 03-31.
    #[test]
    fn timeliness_of_an_answer() {
        let cal = Calendar::official();
        let answer = |m, d, outcome| Event::Answer { on: date(2025, m, d), outcome, text: Default::default() };
        let granted = Outcome::Granted { already_public: false };
        // (case, events after receipt, (deadline, working days taken, on time))
        type Want = Option<(Date, u32, bool)>;
        let cases: Vec<(&str, Vec<Event>, Want)> = vec![
            ("answered the same day", vec![answer(3, 3, granted)], Some((date(2025, 3, 31), 0, true))),
            ("on the last day", vec![answer(3, 31, granted)], Some((date(2025, 3, 31), 20, true))),
            ("a day late", vec![answer(4, 1, Outcome::Partial)], Some((date(2025, 3, 31), 21, false))),
            (
                "extended: late no more (第三十三条第二款; 04-27 is a make-up working day)",
                vec![Event::ApproveExtension { on: date(2025, 3, 20), reasons: String::new() }, answer(4, 1, granted)],
                Some((date(2025, 4, 28), 21, true)),
            ),
            (
                "a consultation's working days are not counted (第三十三条第三款)",
                vec![
                    Event::StartConsultation {
                        on: date(2025, 3, 5),
                        party: Consulted::ThirdParty,
                        whom: String::new(),
                    },
                    Event::EndConsultation { on: date(2025, 3, 11) },
                    answer(4, 1, granted),
                ],
                Some((date(2025, 4, 8), 16, true)),
            ),
            ("withdrawn: no answer, not counted", vec![Event::Withdraw { on: date(2025, 3, 10) }], None),
            ("still open", vec![], None),
        ];
        for (what, events, want) in cases {
            let mut app = processing();
            for e in &events {
                app.apply(e).unwrap();
            }
            let got = app.timeliness(cal).map(|t| (t.due, t.working_days, t.on_time()));
            assert_eq!(got, want, "{what}");
        }
    }

    /// Every illegal transition: a clear error, and nothing changed.
    #[test]
    fn illegal_transitions_change_nothing() {
        let d = |m, day| date(2025, m, day);
        let answered = {
            let mut a = processing();
            a.apply(&Event::Answer {
                on: d(3, 10),
                outcome: Outcome::Granted { already_public: false },
                text: Default::default(),
            })
            .unwrap();
            a
        };
        let corrected_once = {
            let mut a = processing();
            a.apply(&Event::RequestCorrection { on: d(3, 4), correct_by: d(3, 14), what: String::new() }).unwrap();
            a.apply(&Event::ReceiveCorrection { on: d(3, 6), text: String::new() }).unwrap();
            a
        };
        let extended = {
            let mut a = processing();
            a.apply(&Event::ApproveExtension { on: d(3, 20), reasons: String::new() }).unwrap();
            a
        };
        let unconfirmed = Lifecycle::register(ApplicantKind::Natural, Channel::Online, d(3, 3));
        let table: Vec<(&str, Lifecycle, Event)> = vec![
            (
                "answer twice",
                answered.clone(),
                Event::Answer { on: d(3, 11), outcome: Outcome::Partial, text: Default::default() },
            ),
            ("withdraw after answer", answered, Event::Withdraw { on: d(3, 12) }),
            (
                "second correction",
                corrected_once,
                Event::RequestCorrection { on: d(3, 7), correct_by: d(3, 20), what: String::new() },
            ),
            ("second extension", extended, Event::ApproveExtension { on: d(3, 21), reasons: String::new() }),
            (
                "answer before confirmation",
                unconfirmed.clone(),
                Event::Answer { on: d(3, 5), outcome: Outcome::Partial, text: Default::default() },
            ),
            (
                "correction before confirmation",
                unconfirmed,
                Event::RequestCorrection { on: d(3, 5), correct_by: d(3, 9), what: String::new() },
            ),
            (
                "receive correction never requested",
                processing(),
                Event::ReceiveCorrection { on: d(3, 5), text: String::new() },
            ),
            ("end consultation never started", processing(), Event::EndConsultation { on: d(3, 5) }),
            ("payment without notice", processing(), Event::RecordPayment { on: d(3, 5) }),
            ("fee lapse without notice", processing(), Event::FeeLapsed { on: d(3, 5) }),
            ("correction lapse without request", processing(), Event::CorrectionLapsed { on: d(3, 5) }),
            (
                "event dated before the last",
                processing(),
                Event::Answer { on: d(3, 1), outcome: Outcome::Partial, text: Default::default() },
            ),
            (
                "no-correction outcome by answer",
                processing(),
                Event::Answer {
                    on: d(3, 5),
                    outcome: Outcome::Other(OtherDisposition::NoCorrection),
                    text: Default::default(),
                },
            ),
            (
                "no-fee outcome by answer",
                processing(),
                Event::Answer {
                    on: d(3, 5),
                    outcome: Outcome::Other(OtherDisposition::NoFee),
                    text: Default::default(),
                },
            ),
            (
                "still unclear without correction",
                processing(),
                Event::Answer {
                    on: d(3, 5),
                    outcome: Outcome::Unable(UnableReason::StillUnclear),
                    text: Default::default(),
                },
            ),
            (
                "correction period before notice",
                processing(),
                Event::RequestCorrection { on: d(3, 5), correct_by: d(3, 4), what: String::new() },
            ),
        ];
        for (case, mut app, event) in table {
            let before = app.clone();
            let err = app.apply(&event);
            assert!(err.is_err(), "{case}: should be refused");
            assert!(!err.unwrap_err().to_string().is_empty());
            assert_eq!(app, before, "{case}: nothing may change");
        }
    }
}
