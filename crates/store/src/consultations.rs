//! Consultations (咨询): questions the public asks by phone, in person or online, logged by staff
//! or submitted on the portal, answered by staff and read back with a tracking code.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Actor, AgencyId, ApplicationId, Error, Result, Store, audit, mask, now, parse_date, tracking_code};

/// How a consultation came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationChannel {
    /// 电话
    Phone,
    /// 现场
    InPerson,
    /// 网上
    Online,
}

impl ConsultationChannel {
    pub const ALL: [ConsultationChannel; 3] =
        [ConsultationChannel::Phone, ConsultationChannel::InPerson, ConsultationChannel::Online];
    pub fn code(self) -> &'static str {
        match self {
            ConsultationChannel::Phone => "phone",
            ConsultationChannel::InPerson => "in_person",
            ConsultationChannel::Online => "online",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ConsultationChannel::Phone => "电话",
            ConsultationChannel::InPerson => "现场",
            ConsultationChannel::Online => "网上",
        }
    }
    pub fn parse(s: &str) -> Option<ConsultationChannel> {
        let s = s.trim();
        ConsultationChannel::ALL.into_iter().find(|c| c.code() == s || c.label() == s)
    }
}

/// A consultation to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsultation {
    pub agency: AgencyId,
    pub channel: ConsultationChannel,
    pub question: String,
    pub asker_name: String,
    pub asker_contact: String,
    pub asked_on: Date,
    /// The asker's secret, hashed by the caller (online questions).
    pub secret_hash: Option<String>,
    /// The answer, when given at once (phone, in person).
    pub answer: Option<String>,
}

impl NewConsultation {
    pub fn validate(&self) -> Result<()> {
        let len = |s: &str| s.trim().chars().count();
        if len(&self.question) == 0 || len(&self.question) > 2000 {
            return Err(Error::invalid("咨询内容", "不能为空，且不超过2000个字符"));
        }
        if len(&self.asker_name) == 0 || len(&self.asker_name) > 100 {
            return Err(Error::invalid("咨询人", "不能为空，且不超过100个字符"));
        }
        if len(&self.asker_contact) > 200 {
            return Err(Error::invalid("联系方式", "不超过200个字符"));
        }
        if self.answer.as_deref().is_some_and(|a| len(a) > 5000) {
            return Err(Error::invalid("答复内容", "不超过5000个字符"));
        }
        Ok(())
    }
}

/// A stored consultation. `asker_name`/`asker_contact` are masked unless read through
/// [`Store::consultation`] (which logs the view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consultation {
    pub id: i64,
    pub tracking_code: String,
    pub agency: AgencyId,
    pub channel: ConsultationChannel,
    pub question: String,
    pub asker_name: String,
    pub asker_contact: String,
    pub asked_on: Date,
    pub answer: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
    pub created_by: String,
}

/// The tracking code of a consultation: `ZX` and the application-style code of its id.
fn consultation_code(year: i16, id: i64) -> String {
    format!("ZX{}", tracking_code(year, ApplicationId(id)))
}

const COLUMNS: &str = "id, tracking_code, agency_id, channel, question, asker_name, asker_contact, asked_on, answer, \
     answered_by, answered_at, created_by";

fn from_row(r: &AnyRow, masked: bool) -> Result<Consultation> {
    let agency: String = r.try_get(2)?;
    let channel: String = r.try_get(3)?;
    let name: String = r.try_get(5)?;
    let contact: String = r.try_get(6)?;
    Ok(Consultation {
        id: r.try_get(0)?,
        tracking_code: r.try_get(1)?,
        agency: AgencyId::new(agency).map_err(|e| Error::corrupt("机关标识", e))?,
        channel: ConsultationChannel::parse(&channel).ok_or_else(|| Error::corrupt("咨询渠道", &channel))?,
        question: r.try_get(4)?,
        asker_name: if masked { mask::name(&name) } else { name },
        asker_contact: if masked { mask::phone(&contact) } else { contact },
        asked_on: parse_date("咨询日期", &r.try_get::<String, _>(7)?)?,
        answer: r.try_get(8)?,
        answered_by: r.try_get(9)?,
        answered_at: r.try_get(10)?,
        created_by: r.try_get(11)?,
    })
}

impl Store {
    /// Records a consultation; returns its id and tracking code (committed before returning).
    pub async fn create_consultation(&self, c: &NewConsultation, actor: &Actor) -> Result<(i64, String)> {
        c.validate()?;
        self.require_agency(&c.agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let provisional = format!("pending-{}", jiff::Timestamp::now().as_nanosecond());
        let answer = c.answer.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let id: i64 = sqlx::query_scalar(
            "insert into consultations (tracking_code, agency_id, channel, question, asker_name, asker_contact, \
             secret_hash, asked_on, answer, answered_by, answered_at, created_by, created_at) \
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id",
        )
        .bind(&provisional)
        .bind(c.agency.as_str())
        .bind(c.channel.code())
        .bind(c.question.trim())
        .bind(c.asker_name.trim())
        .bind(c.asker_contact.trim())
        .bind(c.secret_hash.as_deref())
        .bind(c.asked_on.to_string())
        .bind(answer)
        .bind(answer.map(|_| actor.as_str()))
        .bind(answer.map(|_| at.as_str()))
        .bind(actor.as_str())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let code = consultation_code(c.asked_on.year(), id);
        sqlx::query("update consultations set tracking_code = $1 where id = $2")
            .bind(&code)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after =
            serde_json::json!({ "tracking_code": code, "channel": c.channel.code(), "answered": answer.is_some() });
        audit(&mut tx, actor, &at, &format!("consultation/{id}"), "create", None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok((id, code))
    }

    /// The consultations of some agencies, newest first, personal data masked.
    pub async fn consultations(&self, agencies: &[AgencyId], limit: u32) -> Result<Vec<Consultation>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = (1..=agencies.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "select {COLUMNS} from consultations where agency_id in ({placeholders}) order by id desc limit {}",
            limit.clamp(1, 1000)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in agencies {
            q = q.bind(a.as_str().to_string());
        }
        q.fetch_all(&self.pool).await?.iter().map(|r| from_row(r, true)).collect()
    }

    /// One consultation in full; logs the view of the asker's data for `viewer`.
    pub async fn consultation(&self, id: i64, viewer: &Actor) -> Result<Option<Consultation>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("select {COLUMNS} from consultations where id = $1")))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let c = from_row(&row, false)?;
        let fields = serde_json::json!({ "fields": ["asker_name", "asker_contact"] }).to_string();
        audit(&mut tx, viewer, &now(), &format!("consultation/{id}"), "view_personal_data", None, Some(fields)).await?;
        tx.commit().await?;
        Ok(Some(c))
    }

    /// A consultation by tracking code, masked, with its secret hash (for the public page).
    pub async fn consultation_by_code(&self, code: &str) -> Result<Option<(Consultation, Option<String>)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {COLUMNS}, secret_hash from consultations where tracking_code = $1"
        )))
        .bind(code.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((from_row(&r, true)?, r.try_get(12)?))).transpose()
    }

    /// The agency a consultation was put to.
    pub async fn consultation_agency(&self, id: i64) -> Result<Option<AgencyId>> {
        let agency: Option<String> = sqlx::query_scalar("select agency_id from consultations where id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        agency.map(|a| AgencyId::new(a).map_err(|e| Error::corrupt("机关标识", e))).transpose()
    }

    /// Records the answer to a consultation (once).
    pub async fn answer_consultation(&self, id: i64, answer: &str, actor: &Actor) -> Result<()> {
        let answer = answer.trim();
        if answer.is_empty() || answer.chars().count() > 5000 {
            return Err(Error::invalid("答复内容", "不能为空，且不超过5000个字符"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "update consultations set answer = $1, answered_by = $2, answered_at = $3 where id = $4 and answer is null",
        )
        .bind(answer)
        .bind(actor.as_str())
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if n.rows_affected() == 0 {
            return Err(Error::invalid("咨询", format!("咨询 {id} 不存在或已答复")));
        }
        let after = serde_json::json!({ "answer": answer }).to_string();
        audit(&mut tx, actor, &at, &format!("consultation/{id}"), "answer", None, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }
}
