//! Reply drafts (拟办答复): the handler proposes the answer to an application, an approver signs
//! it (签发) or returns it. Signing applies the answer in the same transaction that removes the
//! draft, so a draft is signed at most once and an application is never answered twice.

use gongkai_core::case::{Event, Lifecycle};
use sqlx::{AnyConnection, Row};

use crate::applications::{apply_event_in, event_json};
use crate::{Actor, ApplicationId, Applied, Error, Result, Store, audit, now};

/// An answer proposed by a handler, waiting for an approver.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyDraft {
    /// The proposed `answer` event.
    pub event: Event,
    pub drafted_by: String,
    /// RFC 3339 UTC.
    pub drafted_at: String,
    /// The application's version the draft was written against.
    pub based_on_version: i64,
}

impl Store {
    /// Saves `event` (an answer) as the application's reply draft, replacing an earlier one.
    /// The answer must be legal now; nothing about the application itself changes.
    pub async fn draft_reply(
        &self,
        id: ApplicationId,
        expected_version: i64,
        event: &Event,
        actor: &Actor,
    ) -> Result<()> {
        if !matches!(event, Event::Answer { .. }) {
            return Err(Error::invalid("答复稿", "只有“答复”可以拟稿待签发"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("select version, lifecycle from applications where id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::ApplicationNotFound(id))?;
        let current: i64 = row.try_get(0)?;
        if current != expected_version {
            return Err(Error::Conflict { id, expected: expected_version, current });
        }
        let json: String = row.try_get(1)?;
        let mut lc: Lifecycle =
            serde_json::from_str(&json).map_err(|e| Error::corrupt(format!("申请 {id} 的办理状态"), e))?;
        // Only checks that the answer would be legal; the state is not saved.
        lc.apply_as_of(event, crate::today())?;
        let before = draft_in(&mut tx, id).await?.map(|d| event_json(&d.event));
        sqlx::query("delete from reply_drafts where application_id = $1").bind(id.0).execute(&mut *tx).await?;
        let after = event_json(event);
        sqlx::query(
            "insert into reply_drafts (application_id, event, drafted_by, drafted_at, based_on_version) \
             values ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(&after)
        .bind(actor.as_str())
        .bind(&at)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, actor, &at, &format!("application/{id}"), "draft_reply", before, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The application's reply draft, if one waits.
    pub async fn reply_draft(&self, id: ApplicationId) -> Result<Option<ReplyDraft>> {
        let mut conn = self.pool.acquire().await?;
        draft_in(&mut conn, id).await
    }

    /// Signs the reply draft: applies its answer (checked against `expected_version`) and removes
    /// the draft. The person who wrote the draft cannot sign it.
    pub async fn sign_reply(&self, id: ApplicationId, expected_version: i64, actor: &Actor) -> Result<Applied> {
        let mut tx = self.begin_write().await?;
        let draft = draft_in(&mut tx, id).await?.ok_or_else(|| Error::invalid("答复稿", "没有待签发的答复稿"))?;
        if draft.drafted_by == actor.as_str() {
            return Err(Error::invalid("签发人", "拟稿人不能签发自己的答复稿"));
        }
        let applied = apply_event_in(&mut tx, id, expected_version, &draft.event, actor).await?;
        sqlx::query("delete from reply_drafts where application_id = $1").bind(id.0).execute(&mut *tx).await?;
        let at = now();
        let drafted = serde_json::json!({ "draft": draft.event, "drafted_by": draft.drafted_by }).to_string();
        audit(&mut tx, actor, &at, &format!("application/{id}"), "sign_reply", Some(drafted), None).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// Returns the reply draft to its writer (退回): it is removed, with the reason in the audit log.
    pub async fn return_reply(&self, id: ApplicationId, reason: &str, actor: &Actor) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("退回理由", "请填写退回理由"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let draft = draft_in(&mut tx, id).await?.ok_or_else(|| Error::invalid("答复稿", "没有待签发的答复稿"))?;
        sqlx::query("delete from reply_drafts where application_id = $1").bind(id.0).execute(&mut *tx).await?;
        let after = serde_json::json!({ "returned": draft.event, "reason": reason }).to_string();
        audit(&mut tx, actor, &at, &format!("application/{id}"), "return_reply", None, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn draft_in(conn: &mut AnyConnection, id: ApplicationId) -> Result<Option<ReplyDraft>> {
    let Some(row) = sqlx::query(
        "select event, drafted_by, drafted_at, based_on_version from reply_drafts where application_id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let event: String = row.try_get(0)?;
    Ok(Some(ReplyDraft {
        event: serde_json::from_str(&event).map_err(|e| Error::corrupt(format!("申请 {id} 的答复稿"), e))?,
        drafted_by: row.try_get(1)?,
        drafted_at: row.try_get(2)?,
        based_on_version: row.try_get(3)?,
    }))
}
