//! Drafts of the letters a case sends out (拟稿): the handler prepares a step that goes out as a
//! letter in the agency's name (the answer, a 补正告知书, a 征求第三方意见书), an approver signs
//! it (签发) or returns it. Signing applies the step in the same transaction that removes the
//! draft, so a draft is signed at most once and an application is never answered twice.

use gongkai_core::case::{Event, Lifecycle};
use sqlx::{AnyConnection, Row};

use crate::applications::{apply_event_in, event_json};
use crate::{Actor, ApplicationId, Applied, Error, Result, Store, audit, now};

/// A step proposed by a handler, waiting for an approver.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyDraft {
    /// The proposed event: one that sends a letter ([`Event::signed_letter`]).
    pub event: Event,
    pub drafted_by: String,
    /// RFC 3339 UTC.
    pub drafted_at: String,
    /// The application's version the draft was written against.
    pub based_on_version: i64,
}

impl Store {
    /// Saves `event` (a step that sends a letter) as the application's draft, replacing an
    /// earlier one. The step must be legal now; nothing about the application itself changes.
    pub async fn draft_reply(
        &self,
        id: ApplicationId,
        expected_version: i64,
        event: &Event,
        actor: &Actor,
    ) -> Result<()> {
        if event.signed_letter().is_none() {
            return Err(Error::invalid("拟稿", format!("“{}”不发出文书，无需签发", event.label())));
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
        // Only checks that the step would be legal; the state is not saved.
        lc.apply_as_of(event, crate::today())?;
        let waiting = draft_in(&mut tx, id).await?;
        // A new draft of the same letter replaces the old one; another letter waits its turn, so
        // that nothing prepared for the approver disappears unseen.
        if let Some(w) = &waiting
            && w.event.signed_letter() != event.signed_letter()
        {
            let name = w.event.signed_letter().unwrap_or("文书");
            return Err(Error::invalid("拟稿", format!("已有待签发的{name}，请待其签发或退回后再拟稿")));
        }
        let before = waiting.map(|d| event_json(&d.event));
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

    /// The application's draft, if one waits.
    pub async fn reply_draft(&self, id: ApplicationId) -> Result<Option<ReplyDraft>> {
        let mut conn = self.pool.acquire().await?;
        draft_in(&mut conn, id).await
    }

    /// The letter waiting for a signature on each application that has a draft (a few rows at
    /// any time: drafts live only until signed or returned).
    pub async fn waiting_drafts(&self) -> Result<std::collections::HashMap<ApplicationId, &'static str>> {
        let rows = sqlx::query("select application_id, event from reply_drafts").fetch_all(&self.pool).await?;
        let mut out = std::collections::HashMap::new();
        for row in rows {
            let id = ApplicationId(row.try_get(0)?);
            let event: String = row.try_get(1)?;
            let event: Event =
                serde_json::from_str(&event).map_err(|e| Error::corrupt(format!("申请 {id} 的待签发文书"), e))?;
            out.insert(id, event.signed_letter().unwrap_or("文书"));
        }
        Ok(out)
    }

    /// Signs the draft: applies its step (checked against `expected_version`) and removes the
    /// draft. The person who wrote the draft cannot sign it.
    pub async fn sign_reply(&self, id: ApplicationId, expected_version: i64, actor: &Actor) -> Result<Applied> {
        let mut tx = self.begin_write().await?;
        let draft = draft_in(&mut tx, id).await?.ok_or_else(|| Error::invalid("拟稿", "没有待签发的文书"))?;
        if draft.drafted_by == actor.as_str() {
            return Err(Error::invalid("签发人", "拟稿人不能签发自己拟写的文书"));
        }
        let applied = apply_event_in(&mut tx, id, expected_version, &draft.event, actor).await?;
        sqlx::query("delete from reply_drafts where application_id = $1").bind(id.0).execute(&mut *tx).await?;
        let at = now();
        let drafted = serde_json::json!({ "draft": draft.event, "drafted_by": draft.drafted_by }).to_string();
        audit(&mut tx, actor, &at, &format!("application/{id}"), "sign_reply", Some(drafted), None).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// Returns the draft to its writer (退回): it is removed, with the reason in the audit log.
    pub async fn return_reply(&self, id: ApplicationId, reason: &str, actor: &Actor) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("退回理由", "请填写退回理由"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let draft = draft_in(&mut tx, id).await?.ok_or_else(|| Error::invalid("拟稿", "没有待签发的文书"))?;
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
        event: serde_json::from_str(&event).map_err(|e| Error::corrupt(format!("申请 {id} 的待签发文书"), e))?,
        drafted_by: row.try_get(1)?,
        drafted_at: row.try_get(2)?,
        based_on_version: row.try_get(3)?,
    }))
}
