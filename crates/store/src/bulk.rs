//! The bulk insert path (CSV import, demo data, benchmarks): many applications with their
//! histories in one transaction, written with multi-row statements. Each history is replayed
//! through the core's [`Lifecycle::apply`], so bulk data obeys the same rules as casework.

use std::collections::BTreeSet;

use gongkai_core::calendar::Calendar;
use gongkai_core::case::{Event, Lifecycle, TransitionError};
use sqlx::any::AnyArguments;
use sqlx::{Any, AnyConnection};

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

/// `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL) for `rows` rows of `cols`
/// columns. SQLite gets anonymous parameters: it resolves each numbered `$N` by a linear search
/// of the names seen so far, which makes a statement of many thousand parameters quadratic.
fn values_sql(backend: Backend, cols: usize, rows: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 6);
    for r in 0..rows {
        s.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            match backend {
                Backend::Sqlite => s.push('?'),
                Backend::Postgres => {
                    s.push('$');
                    s.push_str(&(r * cols + c + 1).to_string());
                }
            }
        }
        s.push(')');
    }
    s
}

/// `rows` cut into statements of `cols` columns each: at most the parameter limit, and of
/// power-of-two sizes, so that a group of any size reuses a few cached prepared statements
/// instead of preparing a new one for each size.
fn statement_chunks<T>(rows: &[T], cols: usize) -> Vec<&[T]> {
    let max = (MAX_PARAMS / cols).clamp(1, 1024);
    let max = 1usize << max.ilog2();
    let mut out = Vec::new();
    let mut rest = rows;
    while !rest.is_empty() {
        let size = if rest.len() >= max { max } else { 1usize << rest.len().ilog2() };
        let (chunk, tail) = rest.split_at(size);
        out.push(chunk);
        rest = tail;
    }
    out
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
            b.application.validate_record().map_err(|e| Error::invalid("批量数据", format!("第{}条：{e}", n + 1)))?;
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

        let apps_only: Vec<&NewApplication> = apps.iter().map(|b| &b.application).collect();
        insert_applications(&mut tx, self.backend, &registered, &apps_only, &lifecycles, &calendar, &at).await?;
        insert_items(&mut tx, self.backend, &registered, &apps_only).await?;

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
        insert_rows(
            &mut tx,
            self.backend,
            "application_events (application_id, actor, at, event, stage_before, stage_after, version_after)",
            7,
            &events,
            |q, (id, json, before, after, version)| {
                q.bind(*id)
                    .bind(actor.as_str().to_string())
                    .bind(at.clone())
                    .bind(json.clone())
                    .bind(*before)
                    .bind(*after)
                    .bind(*version)
            },
        )
        .await?;

        // one audit entry per application
        let entries: Vec<AuditRow> = registered
            .iter()
            .map(|r| AuditRow {
                actor,
                entity: format!("application/{}", r.id),
                action: "import",
                after: serde_json::json!({ "tracking_code": r.tracking_code, "source": source, "version": r.version })
                    .to_string(),
            })
            .collect();
        insert_audit(&mut tx, self.backend, &entries, &at).await?;
        tx.commit().await?;
        Ok(registered)
    }

    /// Ids for `n` new applications, inside the caller's transaction.
    pub(crate) async fn reserve_ids(&self, conn: &mut AnyConnection, n: usize) -> Result<Vec<ApplicationId>> {
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

/// One audit entry of a multi-row insert (no `before`: these are creations).
pub(crate) struct AuditRow<'a> {
    pub actor: &'a Actor,
    pub entity: String,
    pub action: &'static str,
    pub after: String,
}

/// Inserts the rows of new applications (`registered[i]` is `apps[i]` with `lifecycles[i]`).
pub(crate) async fn insert_applications(
    conn: &mut AnyConnection,
    backend: Backend,
    registered: &[Registered],
    apps: &[&NewApplication],
    lifecycles: &[Lifecycle],
    calendar: &Calendar,
    at: &str,
) -> Result<()> {
    let rows: Vec<usize> = (0..apps.len()).collect();
    let into = format!("applications (id, {APPLICATION_COLUMNS})");
    insert_rows(conn, backend, &into, APPLICATION_COLUMN_COUNT + 1, &rows, |q, &i| {
        let r = &registered[i];
        bind_application(q.bind(r.id.0), r.tracking_code.clone(), apps[i], &lifecycles[i], calendar, r.version, at)
    })
    .await
}

/// Inserts the requested items of new applications, numbered from 1.
pub(crate) async fn insert_items(
    conn: &mut AnyConnection,
    backend: Backend,
    registered: &[Registered],
    apps: &[&NewApplication],
) -> Result<()> {
    let items: Vec<(i64, i64, &str)> = registered
        .iter()
        .zip(apps)
        .flat_map(|(r, a)| a.items.iter().enumerate().map(move |(p, d)| (r.id.0, p as i64 + 1, d.trim())))
        .collect();
    insert_rows(
        conn,
        backend,
        "application_items (application_id, position, description)",
        3,
        &items,
        |q, &(id, pos, d)| q.bind(id).bind(pos).bind(d.to_string()),
    )
    .await
}

/// Appends audit entries, all at `at`.
pub(crate) async fn insert_audit(
    conn: &mut AnyConnection,
    backend: Backend,
    entries: &[AuditRow<'_>],
    at: &str,
) -> Result<()> {
    insert_rows(conn, backend, "audit_log (actor, at, entity, action, before_json, after_json)", 6, entries, |q, e| {
        q.bind(e.actor.as_str().to_string())
            .bind(at.to_string())
            .bind(e.entity.clone())
            .bind(e.action)
            .bind(None::<String>)
            .bind(Some(e.after.clone()))
    })
    .await
}

/// Inserts applicants' secret hashes: (application, hash).
pub(crate) async fn insert_secrets(
    conn: &mut AnyConnection,
    backend: Backend,
    secrets: &[(ApplicationId, &str)],
) -> Result<()> {
    insert_rows(conn, backend, "application_secrets (application_id, secret_hash)", 2, secrets, |q, (id, hash)| {
        q.bind(id.0).bind(hash.to_string())
    })
    .await
}

/// A query whose parameters are all owned values.
type OwnedQuery = sqlx::query::Query<'static, Any, AnyArguments>;

/// Inserts `rows` into `into` (`table (columns)`, `cols` of them) with multi-row statements,
/// `bind` adding one row's values in column order.
async fn insert_rows<T>(
    conn: &mut AnyConnection,
    backend: Backend,
    into: &str,
    cols: usize,
    rows: &[T],
    bind: impl Fn(OwnedQuery, &T) -> OwnedQuery,
) -> Result<()> {
    for chunk in statement_chunks(rows, cols) {
        let sql = format!("insert into {into} values {}", values_sql(backend, cols, chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            q = bind(q, row);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

fn is_fee_related(before: &gongkai_core::case::Stage, e: &Event) -> bool {
    matches!(e, Event::IssueFeeNotice { .. }) || matches!(before, gongkai_core::case::Stage::AwaitingPayment { .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_come_in_few_sizes_and_cover_every_row() {
        for n in [0usize, 1, 2, 3, 7, 200, 511, 512, 513, 5000] {
            let rows: Vec<usize> = (0..n).collect();
            let chunks = statement_chunks(&rows, 21);
            assert_eq!(chunks.concat(), rows, "{n}");
            assert!(chunks.iter().all(|c| c.len().is_power_of_two() && c.len() * 21 <= MAX_PARAMS), "{n}");
        }
        assert_eq!(values_sql(Backend::Sqlite, 2, 2), "(?, ?), (?, ?)");
        assert_eq!(values_sql(Backend::Postgres, 2, 2), "($1, $2), ($3, $4)");
    }
}
