//! Web sessions (the record is opaque JSON owned by the web crate), with their expiry in Unix
//! seconds; expired rows are never returned and are deleted in bulk. Writes take the store's
//! writer slot like every other write.

use crate::{Result, Store};

impl Store {
    /// Inserts a new session; `false` when the id is taken (the caller draws another).
    pub async fn session_create(&self, id: &str, data: &str, expires_at: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "insert into web_sessions (id, data, expires_at) values ($1, $2, $3) on conflict (id) do nothing",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(n.rows_affected() == 1)
    }

    /// Inserts or replaces a session.
    pub async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into web_sessions (id, data, expires_at) values ($1, $2, $3) \
             on conflict (id) do update set data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(data)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session's data unless it has expired by `now` (Unix seconds).
    pub async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("select data from web_sessions where id = $1 and expires_at > $2")
            .bind(id)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn session_delete(&self, id: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("delete from web_sessions where id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the sessions expired by `now`; returns how many.
    pub async fn sessions_purge(&self, now: i64) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("delete from web_sessions where expires_at <= $1").bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(n.rows_affected())
    }
}
