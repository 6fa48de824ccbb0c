//! tower-sessions' [`SessionStore`] on our own database pool: one `web_sessions` row per
//! session, the record as JSON, the expiry in Unix seconds (both backends).

use async_trait::async_trait;
use gongkai_store::Store;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    pub fn new(store: Store) -> DbSessionStore {
        DbSessionStore { store }
    }

    /// Deletes expired sessions every `period` (spawned by `serve`).
    pub async fn purge_forever(self, period: std::time::Duration) {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            if let Err(e) = self.store.sessions_purge(time::OffsetDateTime::now_utc().unix_timestamp()).await {
                tracing::warn!(error = %e, "purging expired sessions failed");
            }
        }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Draw a fresh id until it is free, so a collision never overwrites someone's session.
        loop {
            let data = encode(record)?;
            let expires = record.expiry_date.unix_timestamp();
            if self.store.session_create(&record.id.to_string(), &data, expires).await.map_err(backend)? {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        self.store
            .session_save(&record.id.to_string(), &data, record.expiry_date.unix_timestamp())
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let Some(data) = self.store.session_load(&id.to_string(), now).await.map_err(backend)? else {
            return Ok(None);
        };
        serde_json::from_str(&data).map(Some).map_err(|e| session_store::Error::Decode(e.to_string()))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.store.session_delete(&id.to_string()).await.map_err(backend)
    }
}
