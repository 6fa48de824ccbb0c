//! 送达 records: how and when the reply reached the applicant, checked against the reply date
//! in the transaction that records it, and audited.

use gongkai_core::case::Lifecycle;
use gongkai_core::case::delivery::{Delivery, DeliveryMethod};
use jiff::civil::Date;
use sqlx::Row;

use crate::{Actor, ApplicationId, Error, Result, Store, audit, now, parse_date};

/// A recorded delivery, with who recorded it and when (RFC 3339 UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub delivery: Delivery,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl Store {
    /// Records a delivery of the reply of application `id`; refused (nothing written) unless the
    /// application is answered and the delivery is on a day from the reply to `today`, a posted
    /// one with its waybill number.
    pub async fn record_delivery(
        &self,
        id: ApplicationId,
        delivery: &Delivery,
        today: Date,
        actor: &Actor,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let json: String = sqlx::query_scalar("select lifecycle from applications where id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::ApplicationNotFound(id))?;
        let lc: Lifecycle =
            serde_json::from_str(&json).map_err(|e| Error::corrupt(format!("申请 {id} 的办理状态"), e))?;
        delivery.check(lc.concluded().map(|(on, _)| on), today).map_err(|e| Error::invalid("送达", e.to_string()))?;
        let reference = delivery.reference.trim();
        sqlx::query(
            "insert into case_deliveries (application_id, method, delivered_on, reference, recorded_by, recorded_at) \
             values ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.0)
        .bind(delivery.method.code())
        .bind(delivery.on.to_string())
        .bind(reference)
        .bind(actor.as_str())
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "method": delivery.method.code(), "on": delivery.on, "reference": reference });
        audit(&mut tx, actor, &at, &format!("application/{id}"), "deliver", None, Some(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The deliveries of application `id`, in the order recorded.
    pub async fn deliveries(&self, id: ApplicationId) -> Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(
            "select method, delivered_on, reference, recorded_by, recorded_at from case_deliveries \
             where application_id = $1 order by id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let method: String = r.try_get(0)?;
                let on: String = r.try_get(1)?;
                Ok(DeliveryRecord {
                    delivery: Delivery {
                        method: DeliveryMethod::parse(&method).ok_or_else(|| Error::corrupt("送达方式", &method))?,
                        on: parse_date("送达日期", &on)?,
                        reference: r.try_get(2)?,
                    },
                    recorded_by: r.try_get(3)?,
                    recorded_at: r.try_get(4)?,
                })
            })
            .collect()
    }
}
