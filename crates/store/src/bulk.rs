//! The bulk insert path (CSV import, demo data, benchmarks): many applications with their
//! histories in one transaction, written with multi-row statements. Each history is replayed
//! through the core's [`Lifecycle::apply`], so bulk data obeys the same rules as casework.

use std::collections::BTreeSet;

use gongkai_core::case::{Event, Lifecycle, TransitionError};
use sqlx::AnyConnection;

use crate::applications::{APPLICATION_COLUMN_COUNT, APPLICATION_COLUMNS, bind_application, fee_side_effects};
use crate::settings::calendar_in;
use crate::{
    Actor, AgencyId, ApplicationId, Backend, BulkApplication, Error, NewApplication, Registered, Result, Store, audit,
    codes, now, tracking_code,
};

/// Replays a history on a freshly registered application; on error, the index of the event
/// that was refused.
pub fn replay(app: &NewApplication, events: &[Event]) -> Result<Lifecycle, (usize, TransitionError)> {
    let mut lc = Lifecycle::register(app.applicant.kind, app.channel, app.registered_on);
    for (i, e) in events.iter().enumerate() {
        lc.apply(e).map_err(|err| (i, err))?;
    }
    Ok(lc)
}

/// SQLite's limit on bound parameters is 32766 and PostgreSQL's 65535: stay well below both.
const MAX_PARAMS: usize = 30_000;

/// `($1, $2), ($3, $4)` for `rows` rows of `cols` columns.
fn values_sql(cols: usize, rows: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 6);
    for r in 0..rows {
        s.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push('$');
            s.push_str(&(r * cols + c + 1).to_string());
        }
        s.push(')');
    }
    s
}

fn rows_per_statement(cols: usize) -> usize {
    (MAX_PARAMS / cols).min(1000)
}

impl Store {
    /// Inserts applications with their histories in one transaction: all or nothing. Every
    /// application gets its events, its audit entry (`import`, naming `source`), and fee records
    /// as [`Store::apply_event`] would write them.
    pub async fn bulk_insert(&self, apps: &[BulkApplication], actor: &Actor, source: &str) -> Result<Vec<Registered>> {
        if apps.is_empty() {
            return Ok(Vec::new());
        }
        let mut lifecycles = Vec::with_capacity(apps.len());
        for (n, b) in apps.iter().enumerate() {
            b.application.validate().map_err(|e| Error::invalid("批量数据", format!("第{}条：{e}", n + 1)))?;
            let lc = replay(&b.application, &b.events).map_err(|(i, e)| {
                Error::invalid("批量数据", format!("第{}条的第{}个事件（{}）：{e}", n + 1, i + 1, b.events[i].label()))
            })?;
            lifecycles.push(lc);
        }
        let agencies: BTreeSet<&AgencyId> = apps.iter().map(|b| &b.application.agency).collect();
        for a in &agencies {
            self.require_agency(a).await?;
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        // The batch's own audit entry is the first statement: on SQLite this write takes the
        // database's write lock, so the ids read next cannot be taken by anyone else.
        let summary = serde_json::json!({ "source": source, "count": apps.len(), "agencies": agencies });
        audit(&mut tx, actor, &at, "applications", "bulk_insert", None, Some(summary.to_string())).await?;
        let ids = self.reserve_ids(&mut tx, apps.len()).await?;
        let calendar = calendar_in(&mut tx).await?;

        let registered: Vec<Registered> = ids
            .iter()
            .zip(apps)
            .map(|(&id, b)| Registered {
                id,
                tracking_code: tracking_code(b.application.registered_on.year(), id),
                version: 1 + b.events.len() as i64,
            })
            .collect();

        // applications
        let cols = APPLICATION_COLUMN_COUNT + 1;
        for chunk in (0..apps.len()).collect::<Vec<_>>().chunks(rows_per_statement(cols)) {
            let sql = format!(
                "insert into applications (id, {APPLICATION_COLUMNS}) values {}",
                values_sql(cols, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for &i in chunk {
                let r = &registered[i];
                q = bind_application(
                    q.bind(r.id.0),
                    r.tracking_code.clone(),
                    &apps[i].application,
                    &lifecycles[i],
                    &calendar,
                    r.version,
                    &at,
                );
            }
            q.execute(&mut *tx).await?;
        }

        // items
        let items: Vec<(i64, i64, &str)> = registered
            .iter()
            .zip(apps)
            .flat_map(|(r, b)| {
                b.application.items.iter().enumerate().map(move |(p, d)| (r.id.0, p as i64 + 1, d.trim()))
            })
            .collect();
        for chunk in items.chunks(rows_per_statement(3)) {
            let sql = format!(
                "insert into application_items (application_id, position, description) values {}",
                values_sql(3, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for &(id, pos, d) in chunk {
                q = q.bind(id).bind(pos).bind(d.to_string());
            }
            q.execute(&mut *tx).await?;
        }

        // events, replayed once more for the stage before and after each
        let mut events: Vec<(i64, String, Option<&'static str>, &'static str, i64)> = Vec::new();
        for (r, b) in registered.iter().zip(apps) {
            let mut lc =
                Lifecycle::register(b.application.applicant.kind, b.application.channel, b.application.registered_on);
            for (k, e) in b.events.iter().enumerate() {
                let before = lc.stage.clone();
                lc.apply(e)?;
                if is_fee_related(&before, e) {
                    fee_side_effects(&mut tx, r.id, b.application.agency.as_str(), &before, e).await?;
                }
                let json = serde_json::to_string(e).expect("an event serialises");
                events.push((r.id.0, json, Some(codes::stage(&before)), codes::stage(&lc.stage), k as i64 + 2));
            }
        }
        for chunk in events.chunks(rows_per_statement(7)) {
            let sql = format!(
                "insert into application_events (application_id, actor, at, event, stage_before, stage_after, version_after) \
                 values {}",
                values_sql(7, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, json, before, after, version) in chunk {
                q = q
                    .bind(*id)
                    .bind(actor.as_str().to_string())
                    .bind(at.clone())
                    .bind(json.clone())
                    .bind(*before)
                    .bind(*after)
                    .bind(*version);
            }
            q.execute(&mut *tx).await?;
        }

        // one audit entry per application
        for chunk in registered.chunks(rows_per_statement(6)) {
            let sql = format!(
                "insert into audit_log (actor, at, entity, action, before_json, after_json) values {}",
                values_sql(6, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                let after =
                    serde_json::json!({ "tracking_code": r.tracking_code, "source": source, "version": r.version });
                q = q
                    .bind(actor.as_str().to_string())
                    .bind(at.clone())
                    .bind(format!("application/{}", r.id))
                    .bind("import")
                    .bind(None::<String>)
                    .bind(Some(after.to_string()));
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(registered)
    }

    /// Ids for `n` new applications, inside the caller's transaction.
    async fn reserve_ids(&self, conn: &mut AnyConnection, n: usize) -> Result<Vec<ApplicationId>> {
        Ok(match self.backend {
            // The transaction holds the write lock (see `bulk_insert`): max(id) is stable.
            Backend::Sqlite => {
                let max: i64 =
                    sqlx::query_scalar("select coalesce(max(id), 0) from applications").fetch_one(conn).await?;
                (1..=n as i64).map(|i| ApplicationId(max + i)).collect()
            }
            // Taken from the identity sequence, so later single inserts never collide.
            Backend::Postgres => {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "select nextval(pg_get_serial_sequence('applications', 'id')) from generate_series(1, $1)",
                )
                .bind(n as i64)
                .fetch_all(conn)
                .await?;
                ids.into_iter().map(ApplicationId).collect()
            }
        })
    }
}

fn is_fee_related(before: &gongkai_core::case::Stage, e: &Event) -> bool {
    matches!(e, Event::IssueFeeNotice { .. }) || matches!(before, gongkai_core::case::Stage::AwaitingPayment { .. })
}
