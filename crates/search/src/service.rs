//! The search service a node runs: its index kept in step with the database. A full
//! `reindex` rebuilds from the published items; `catch_up` applies the outbox rows written by
//! publish, withdraw and validity changes since the index's cursor (at start and periodically,
//! so every node of a PostgreSQL deployment converges on the same index).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use gongkai_store::{ItemId, Store};

use crate::index::{IndexDoc, SearchIndex, SearchRequest, SearchResults};
use crate::{Error, Result};

/// Items read per page when rebuilding.
const PAGE: u32 = 500;

/// Search over one node's index, with the database it follows.
#[derive(Debug, Clone)]
pub struct SearchService {
    index: Arc<SearchIndex>,
}

impl SearchService {
    /// The index in `dir` (created when missing).
    pub fn open(dir: &Path) -> Result<SearchService> {
        Ok(SearchService { index: Arc::new(SearchIndex::open(dir)?) })
    }

    /// An index in memory.
    pub fn in_ram() -> Result<SearchService> {
        Ok(SearchService { index: Arc::new(SearchIndex::in_ram()?) })
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Runs a search (CPU-bound and quick; from async code call it in `spawn_blocking`).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        self.index.search(req)
    }

    /// Rebuilds the index from every published item; `progress` is told how many are done.
    /// Returns the number indexed.
    pub async fn reindex(&self, store: &Store, progress: impl Fn(u64)) -> Result<u64> {
        // The cursor is taken first: a change made while we read is applied again by the next
        // catch-up, which is harmless (documents are replaced, not added twice).
        let cursor = store.last_search_change().await?;
        let names = store.agency_names().await?;
        self.index.clear()?;
        let mut after = None;
        let mut done = 0u64;
        loop {
            let items = store.published_items_after(after, PAGE).await?;
            let Some(last) = items.last() else { break };
            after = Some(last.id);
            let docs: Vec<IndexDoc> = items
                .iter()
                .filter_map(|i| IndexDoc::from_item(i, names.get(&i.agency).map_or("", String::as_str)))
                .collect();
            let index = self.index.clone();
            tokio::task::spawn_blocking(move || index.apply(&docs, &[]))
                .await
                .map_err(|e| Error::Task(e.to_string()))??;
            done += items.len() as u64;
            progress(done);
        }
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.commit(cursor)).await.map_err(|e| Error::Task(e.to_string()))??;
        Ok(done)
    }

    /// Applies the changes queued since the index's cursor. Returns how many items changed.
    pub async fn catch_up(&self, store: &Store) -> Result<usize> {
        // What another process committed to the folder becomes visible; what it applied is
        // replayed from this handle's own cursor all the same (see `SearchIndex::cursor`).
        self.index.refresh()?;
        let mut cursor = self.index.cursor();
        let mut applied = 0;
        loop {
            let changes = store.search_changes(cursor, 1000).await?;
            let Some(last) = changes.last() else { break };
            let ids: Vec<ItemId> = changes.iter().map(|c| c.item).collect();
            let names = store.agency_names().await?;
            let items = store.items_by_ids(&ids).await?;
            let mut docs = Vec::new();
            let mut removed = Vec::new();
            for id in &ids {
                match items.iter().find(|i| i.id == *id) {
                    Some(item) => match IndexDoc::from_item(item, names.get(&item.agency).map_or("", String::as_str)) {
                        Some(doc) => {
                            if !docs.iter().any(|d: &IndexDoc| d.id == doc.id) {
                                docs.push(doc)
                            }
                        }
                        None => removed.push(*id),
                    },
                    None => removed.push(*id),
                }
            }
            cursor = last.seq;
            applied += docs.len() + removed.len();
            let index = self.index.clone();
            tokio::task::spawn_blocking(move || {
                index.apply(&docs, &removed)?;
                index.commit(cursor)
            })
            .await
            .map_err(|e| Error::Task(e.to_string()))??;
        }
        Ok(applied)
    }

    /// Keeps the index in step in the background: catches up now and then every `every`.
    /// Errors are logged and retried at the next tick.
    pub fn spawn_sync(&self, store: Store, every: Duration) -> tokio::task::JoinHandle<()> {
        let service = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match service.catch_up(&store).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(items = n, "search index caught up"),
                    Err(e) => tracing::warn!(error = %e, "search index catch-up failed; retrying"),
                }
            }
        })
    }
}
