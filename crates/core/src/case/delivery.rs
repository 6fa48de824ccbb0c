//! 送达: how the reply and the information provided reached the applicant, recorded by staff —
//! posted with its waybill number, handed over at the counter, sent by e-mail or downloaded
//! online — on a day between the reply and today.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How the reply went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// 邮寄: needs the waybill number (邮件号/运单号).
    Post,
    /// 当面领取
    InPerson,
    /// 电子邮件
    Email,
    /// 在线下载 (through the tracking page)
    Online,
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 4] =
        [DeliveryMethod::Post, DeliveryMethod::InPerson, DeliveryMethod::Email, DeliveryMethod::Online];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryMethod::Post => "post",
            DeliveryMethod::InPerson => "in_person",
            DeliveryMethod::Email => "email",
            DeliveryMethod::Online => "online",
        }
    }

    pub fn parse(code: &str) -> Option<DeliveryMethod> {
        DeliveryMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryMethod::Post => "邮寄",
            DeliveryMethod::InPerson => "当面领取",
            DeliveryMethod::Email => "电子邮件",
            DeliveryMethod::Online => "在线下载",
        }
    }
}

/// One delivery of the reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub method: DeliveryMethod,
    pub on: Date,
    /// The waybill number of a posted reply; for the others, what identifies the handover
    /// (e.g. the e-mail address), if anything.
    #[serde(default)]
    pub reference: String,
}

/// Why a delivery cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    #[error("申请尚未答复，不能登记送达")]
    NotAnswered,
    #[error("送达日期（{on}）不能早于答复日期（{answered}）")]
    BeforeReply { on: Date, answered: Date },
    #[error("送达日期（{on}）不能晚于今天（{today}）")]
    Future { on: Date, today: Date },
    #[error("邮寄送达请填写邮件号（运单号）")]
    NoWaybill,
    #[error("邮件号（运单号）应为5至40位字母或数字")]
    BadWaybill,
}

impl Delivery {
    /// Checks the delivery of a reply given on `answered` (None: not answered yet), `today`.
    pub fn check(&self, answered: Option<Date>, today: Date) -> Result<(), DeliveryError> {
        let answered = answered.ok_or(DeliveryError::NotAnswered)?;
        if self.on < answered {
            return Err(DeliveryError::BeforeReply { on: self.on, answered });
        }
        if self.on > today {
            return Err(DeliveryError::Future { on: self.on, today });
        }
        if self.method == DeliveryMethod::Post {
            let r = self.reference.trim();
            if r.is_empty() {
                return Err(DeliveryError::NoWaybill);
            }
            let ok = (5..=40).contains(&r.chars().count()) && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if !ok {
                return Err(DeliveryError::BadWaybill);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    /// Case, delivery, answered on, expected.
    type Row = (&'static str, Delivery, Option<Date>, Result<(), DeliveryError>);

    #[test]
    fn deliveries_are_checked() {
        let d = |method, on, reference: &str| Delivery { method, on, reference: reference.into() };
        let (answered, today) = (Some(date(2025, 3, 20)), date(2025, 3, 25));
        let table: Vec<Row> = vec![
            ("posted with a waybill", d(DeliveryMethod::Post, date(2025, 3, 21), "1190012345678"), answered, Ok(())),
            ("EMS with letters", d(DeliveryMethod::Post, date(2025, 3, 21), "EA123456789CN"), answered, Ok(())),
            (
                "posted without",
                d(DeliveryMethod::Post, date(2025, 3, 21), " "),
                answered,
                Err(DeliveryError::NoWaybill),
            ),
            (
                "a waybill of junk",
                d(DeliveryMethod::Post, date(2025, 3, 21), "见附件"),
                answered,
                Err(DeliveryError::BadWaybill),
            ),
            ("at the counter", d(DeliveryMethod::InPerson, date(2025, 3, 20), ""), answered, Ok(())),
            (
                "before the reply",
                d(DeliveryMethod::InPerson, date(2025, 3, 19), ""),
                answered,
                Err(DeliveryError::BeforeReply { on: date(2025, 3, 19), answered: date(2025, 3, 20) }),
            ),
            (
                "tomorrow",
                d(DeliveryMethod::Email, date(2025, 3, 26), "a@b.cn"),
                answered,
                Err(DeliveryError::Future { on: date(2025, 3, 26), today }),
            ),
            ("not answered", d(DeliveryMethod::Online, date(2025, 3, 21), ""), None, Err(DeliveryError::NotAnswered)),
        ];
        for (case, delivery, answered, want) in table {
            assert_eq!(delivery.check(answered, today), want, "{case}");
        }
    }
}
