//! Reviews and suits (行政复议/行政诉讼) against an application's handling: they feed table 四.

use gongkai_core::case::review::{RemedyKind, RemedyResult};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Actor, ApplicationId, Error, RemedyId, Result, Store, audit, codes, now, parse_date};

/// A stored review or suit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemedyRecord {
    pub id: RemedyId,
    pub application: ApplicationId,
    pub kind: RemedyKind,
    pub filed_on: Date,
    pub result: Option<(Date, RemedyResult)>,
}

impl Store {
    /// Records a review or suit filed against the handling of an application (also against a
    /// failure to reply in time, so the application need not be concluded). Not before the
    /// application was registered; a suit after review needs that review recorded first.
    pub async fn file_remedy(
        &self,
        application: ApplicationId,
        kind: RemedyKind,
        filed_on: Date,
        actor: &Actor,
    ) -> Result<RemedyId> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("select agency_id, registered_on from applications where id = $1")
            .bind(application.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::ApplicationNotFound(application))?;
        let agency: String = row.try_get(0)?;
        let registered = parse_date("登记日期", &row.try_get::<String, _>(1)?)?;
        if filed_on < registered {
            return Err(Error::invalid("复议诉讼日期", format!("{filed_on}早于申请的登记日期{registered}")));
        }
        if kind == RemedyKind::SuitAfterReview {
            // A suit after review needs the review it follows, filed no later than the suit.
            let review: Option<i64> = sqlx::query_scalar(
                "select id from remedies where application_id = $1 and kind = $2 and filed_on <= $3 limit 1",
            )
            .bind(application.0)
            .bind(codes::remedy_kind(RemedyKind::Review))
            .bind(filed_on.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            if review.is_none() {
                return Err(Error::invalid(
                    "复议后起诉",
                    format!(
                        "申请 {application} 在{filed_on}之前没有登记行政复议，请先登记复议，或按未经复议直接起诉登记"
                    ),
                ));
            }
        }
        let id: i64 = sqlx::query_scalar(
            "insert into remedies (application_id, agency_id, kind, filed_on, created_at) values ($1, $2, $3, $4, $5) \
             returning id",
        )
        .bind(application.0)
        .bind(&agency)
        .bind(codes::remedy_kind(kind))
        .bind(filed_on.to_string())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let after =
            serde_json::json!({ "application": application, "kind": codes::remedy_kind(kind), "filed_on": filed_on });
        audit(&mut tx, actor, &at, &format!("remedy/{id}"), "file", None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(RemedyId(id))
    }

    /// Records how a review or suit ended. It can end only once, not before it was filed.
    pub async fn conclude_remedy(&self, id: RemedyId, on: Date, result: RemedyResult, actor: &Actor) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("select filed_on, result from remedies where id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::RemedyNotFound(id))?;
        let filed = parse_date("复议诉讼日期", &row.try_get::<String, _>(0)?)?;
        if row.try_get::<Option<String>, _>(1)?.is_some() {
            return Err(Error::invalid("复议诉讼结果", format!("记录 {id} 已有结果")));
        }
        if on < filed {
            return Err(Error::invalid("复议诉讼结果日期", format!("{on}早于提起日期{filed}")));
        }
        sqlx::query("update remedies set result = $1, result_on = $2 where id = $3 and result is null")
            .bind(codes::remedy_result(result))
            .bind(on.to_string())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "result": codes::remedy_result(result), "result_on": on });
        audit(&mut tx, actor, &at, &format!("remedy/{id}"), "conclude", None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The reviews and suits of one application.
    pub async fn remedies_of(&self, application: ApplicationId) -> Result<Vec<RemedyRecord>> {
        let rows = sqlx::query(
            "select id, application_id, kind, filed_on, result, result_on from remedies where application_id = $1 \
             order by id",
        )
        .bind(application.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(remedy_from_row).collect()
    }

    /// One review or suit.
    pub async fn remedy(&self, id: RemedyId) -> Result<RemedyRecord> {
        let row =
            sqlx::query("select id, application_id, kind, filed_on, result, result_on from remedies where id = $1")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(Error::RemedyNotFound(id))?;
        remedy_from_row(&row)
    }
}

fn remedy_from_row(r: &AnyRow) -> Result<RemedyRecord> {
    let kind: String = r.try_get(2)?;
    let result = match (r.try_get::<Option<String>, _>(4)?, r.try_get::<Option<String>, _>(5)?) {
        (Some(res), Some(on)) => Some((
            parse_date("复议诉讼结果日期", &on)?,
            codes::parse_remedy_result(&res).ok_or_else(|| Error::corrupt("复议诉讼结果", &res))?,
        )),
        _ => None,
    };
    Ok(RemedyRecord {
        id: RemedyId(r.try_get(0)?),
        application: ApplicationId(r.try_get(1)?),
        kind: codes::parse_remedy_kind(&kind).ok_or_else(|| Error::corrupt("复议诉讼类型", &kind))?,
        filed_on: parse_date("复议诉讼日期", &r.try_get::<String, _>(3)?)?,
        result,
    })
}
