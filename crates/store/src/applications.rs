//! Applications: registration, events under optimistic concurrency, masked lists, logged
//! access to personal data, event history and the audit log.

use gongkai_core::calendar::Calendar;
use gongkai_core::case::{Event, Lifecycle, Stage};
use jiff::civil::Date;
use sqlx::AnyConnection;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Row};
use tokio::sync::oneshot;

use crate::bulk::{AuditRow, insert_applications, insert_audit, insert_items, insert_secrets};
use crate::model::{Applicant, MaskedApplicant};
use crate::settings::calendar_in;
use crate::{
    Actor, AgencyId, ApplicationDetail, ApplicationId, ApplicationSummary, Applied, AuditEntry, DueDateChange, Error,
    EventRecord, ListQuery, NewApplication, Registered, Result, Store, audit, codes, now, parse_date, parse_opt_date,
    tracking_code,
};
use crate::{Backend, WriteTx};

/// The columns of `applications` derived from the lifecycle, so that lists and year queries
/// need not parse it.
pub(crate) struct Derived {
    pub stage: &'static str,
    pub received_on: Option<String>,
    pub concluded_on: Option<String>,
    pub outcome: Option<&'static str>,
    pub open_until: String,
    /// The reply deadline while the clock runs (see [`Lifecycle::deadline_request`]).
    pub due_date: Option<String>,
    /// 办理时效 once answered (see [`Lifecycle::timeliness`]): kept its deadline (1/0) and the
    /// working days counted to the answer.
    pub answered_on_time: Option<i64>,
    pub working_days_taken: Option<i64>,
}

/// `open_until` of an application still open.
pub(crate) const OPEN: &str = "9999-12-31";

pub(crate) fn derive(lc: &Lifecycle, calendar: &Calendar) -> Derived {
    let concluded = lc.concluded();
    let timeliness = lc.timeliness(calendar);
    Derived {
        stage: codes::stage(&lc.stage),
        received_on: lc.clock.received.map(|d| d.to_string()),
        concluded_on: concluded.map(|(d, _)| d.to_string()),
        outcome: concluded.map(|(_, o)| codes::outcome(o)),
        open_until: concluded.map(|(d, _)| d.to_string()).unwrap_or_else(|| OPEN.to_string()),
        due_date: lc.due_date(calendar).map(|d| d.to_string()),
        answered_on_time: timeliness.map(|t| i64::from(t.on_time())),
        working_days_taken: timeliness.map(|t| i64::from(t.working_days)),
    }
}

pub(crate) fn lifecycle_json(lc: &Lifecycle) -> String {
    serde_json::to_string(lc).expect("a lifecycle serialises")
}

pub(crate) fn event_json(e: &Event) -> String {
    serde_json::to_string(e).expect("an event serialises")
}

/// The columns of an `applications` insert, in order (without `id`).
pub(crate) const APPLICATION_COLUMNS: &str = "tracking_code, agency_id, applicant_kind, applicant_name, \
     applicant_id_number, applicant_phone, applicant_address, channel, delivery, registered_on, received_on, \
     concluded_on, outcome, open_until, due_date, stage, lifecycle, version, created_at, updated_at, \
     applicant_id_type, applicant_email, applicant_representative, applicant_contact_person, \
     answered_on_time, working_days_taken";
pub(crate) const APPLICATION_COLUMN_COUNT: usize = 26;

/// Binds one application row in the order of [`APPLICATION_COLUMNS`].
pub(crate) fn bind_application<'q>(
    q: sqlx::query::Query<'q, Any, AnyArguments>,
    tracking: String,
    app: &NewApplication,
    lc: &Lifecycle,
    calendar: &Calendar,
    version: i64,
    at: &str,
) -> sqlx::query::Query<'q, Any, AnyArguments> {
    let d = derive(lc, calendar);
    let a = &app.applicant;
    q.bind(tracking)
        .bind(app.agency.as_str().to_string())
        .bind(codes::applicant_kind(a.kind))
        .bind(a.name.trim().to_string())
        .bind(a.id_number.trim().to_string())
        .bind(a.phone.trim().to_string())
        .bind(a.address.trim().to_string())
        .bind(codes::channel(app.channel))
        .bind(app.delivery.trim().to_string())
        .bind(app.registered_on.to_string())
        .bind(d.received_on)
        .bind(d.concluded_on)
        .bind(d.outcome)
        .bind(d.open_until)
        .bind(d.due_date)
        .bind(d.stage)
        .bind(lifecycle_json(lc))
        .bind(version)
        .bind(at.to_string())
        .bind(at.to_string())
        .bind(a.id_type.code())
        .bind(a.email.trim().to_string())
        .bind(a.representative.trim().to_string())
        .bind(a.contact_person.trim().to_string())
        .bind(d.answered_on_time)
        .bind(d.working_days_taken)
}

/// The id type, e-mail, representative and contact person from `row` at `at..at + 4`; an
/// application registered before types were recorded gets the type its number shows.
pub(crate) fn applicant_details(
    row: &AnyRow,
    at: usize,
    id_number: &str,
    kind: gongkai_core::case::ApplicantKind,
) -> Result<(gongkai_core::identity::IdType, String, String, String)> {
    use gongkai_core::identity::IdType;
    let code: String = row.try_get(at)?;
    let organisation = kind != gongkai_core::case::ApplicantKind::Natural;
    let id_type = IdType::parse(&code).unwrap_or_else(|| IdType::infer(id_number, organisation));
    Ok((id_type, row.try_get(at + 1)?, row.try_get(at + 2)?, row.try_get(at + 3)?))
}

/// What a fee event does to `fee_notices` / `fee_payments` (same transaction as the event).
pub(crate) async fn fee_side_effects(
    conn: &mut AnyConnection,
    id: ApplicationId,
    agency: &str,
    before: &Stage,
    event: &Event,
) -> Result<()> {
    match (before, event) {
        (_, Event::IssueFeeNotice { on, amount_yuan }) => {
            sqlx::query(
                "insert into fee_notices (application_id, agency_id, notice_on, amount_yuan, status) \
                 values ($1, $2, $3, $4, 'open')",
            )
            .bind(id.0)
            .bind(agency)
            .bind(on.to_string())
            .bind(*amount_yuan as i64)
            .execute(&mut *conn)
            .await?;
        }
        (Stage::AwaitingPayment { amount_yuan, .. }, Event::RecordPayment { on }) => {
            let notice: i64 = sqlx::query_scalar(
                "select id from fee_notices where application_id = $1 and status = 'open' order by id desc limit 1",
            )
            .bind(id.0)
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query("update fee_notices set status = 'paid', settled_on = $1 where id = $2")
                .bind(on.to_string())
                .bind(notice)
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "insert into fee_payments (notice_id, agency_id, paid_on, amount_yuan) values ($1, $2, $3, $4)",
            )
            .bind(notice)
            .bind(agency)
            .bind(on.to_string())
            .bind(*amount_yuan as i64)
            .execute(&mut *conn)
            .await?;
        }
        (Stage::AwaitingPayment { .. }, e) => {
            // Lapsed, or the application ended otherwise (withdrawn) while the notice was open.
            let status = if matches!(e, Event::FeeLapsed { .. }) { "lapsed" } else { "cancelled" };
            sqlx::query(
                "update fee_notices set status = $1, settled_on = $2 where application_id = $3 and status = 'open'",
            )
            .bind(status)
            .bind(e.date().to_string())
            .bind(id.0)
            .execute(&mut *conn)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Records one applied event in `application_events`.
pub(crate) async fn insert_event(
    conn: &mut AnyConnection,
    id: ApplicationId,
    actor: &Actor,
    at: &str,
    event: &Event,
    (stage_before, stage_after): (Option<&str>, &str),
    version_after: i64,
) -> Result<()> {
    sqlx::query(
        "insert into application_events (application_id, actor, at, event, stage_before, stage_after, version_after) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.0)
    .bind(actor.as_str())
    .bind(at)
    .bind(event_json(event))
    .bind(stage_before)
    .bind(stage_after)
    .bind(version_after)
    .execute(conn)
    .await?;
    Ok(())
}

/// Recomputes the stored reply deadline of every application whose clock runs (with
/// `only_missing`, of those without one yet) under `calendar`, inside the caller's transaction.
/// Each change is written to the audit log as `due_date` with the deadline before and after and
/// `why` (what caused the recomputation).
pub(crate) async fn recompute_due_dates(
    conn: &mut AnyConnection,
    calendar: &Calendar,
    actor: &Actor,
    at: &str,
    only_missing: bool,
    why: &serde_json::Value,
) -> Result<Vec<DueDateChange>> {
    let sql = if only_missing {
        "select id, tracking_code, lifecycle, due_date from applications where stage = 'processing' and due_date is null \
         order by id"
    } else {
        "select id, tracking_code, lifecycle, due_date from applications \
         where stage = 'processing' or due_date is not null order by id"
    };
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    let mut changes = Vec::new();
    for r in &rows {
        let id = ApplicationId(r.try_get(0)?);
        let what = format!("申请 {id}");
        let lifecycle: String = r.try_get(2)?;
        let lc: Lifecycle = serde_json::from_str(&lifecycle).map_err(|e| Error::corrupt(&what, e))?;
        let before = parse_opt_date(&what, r.try_get(3)?)?;
        let after = lc.due_date(calendar);
        if before == after {
            continue;
        }
        sqlx::query("update applications set due_date = $1 where id = $2")
            .bind(after.map(|d| d.to_string()))
            .bind(id.0)
            .execute(&mut *conn)
            .await?;
        let before_json = serde_json::json!({ "due_date": before });
        let after_json = serde_json::json!({ "due_date": after, "why": why });
        audit(
            conn,
            actor,
            at,
            &format!("application/{id}"),
            "due_date",
            Some(before_json.to_string()),
            Some(after_json.to_string()),
        )
        .await?;
        changes.push(DueDateChange { id, tracking_code: r.try_get(1)?, before, after });
    }
    Ok(changes)
}

impl Store {
    /// Registers an application. The row, its items and the audit entry are committed (and on
    /// SQLite synced to disk) before this returns.
    pub async fn register(&self, app: &NewApplication, actor: &Actor) -> Result<Registered> {
        self.register_with_secret(app, actor, None).await
    }

    /// The application first registered with an idempotency key (by the key's hash), with the
    /// hash of the body it came with, and its registration as it was answered.
    pub async fn request_key(&self, key_hash: &str) -> Result<Option<(String, Registered, jiff::civil::Date)>> {
        let row = sqlx::query(
            "select k.body_hash, a.id, a.tracking_code, a.registered_on from request_keys k \
             join applications a on a.id = k.application_id where k.key_hash = $1",
        )
        .bind(key_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let registered = Registered { id: ApplicationId(row.try_get(1)?), tracking_code: row.try_get(2)?, version: 1 };
        let on: String = row.try_get(3)?;
        Ok(Some((row.try_get(0)?, registered, crate::parse_date("登记日期", &on)?)))
    }

    /// [`Store::register`], storing in the same transaction the hash of the secret the
    /// applicant set to follow the application online: both are durable, or neither.
    ///
    /// On SQLite, registrations that arrive while another write is being committed are
    /// committed together in the next transaction (group commit): one sync to disk for all of
    /// them instead of one each, which is what bounds the rate of a single writer. Each caller
    /// still gets its answer only after the transaction holding its registration is committed.
    pub async fn register_with_secret(
        &self,
        app: &NewApplication,
        actor: &Actor,
        secret_hash: Option<&str>,
    ) -> Result<Registered> {
        self.register_request(app, actor, secret_hash, None).await
    }

    /// [`Store::register_with_secret`] for a submission that carries an idempotency key: the
    /// key is stored in the same transaction. A second registration with the same key fails
    /// (the database refuses the key), and [`Store::request_key`] then names the first.
    pub async fn register_request(
        &self,
        app: &NewApplication,
        actor: &Actor,
        secret_hash: Option<&str>,
        request: Option<&RequestKey>,
    ) -> Result<Registered> {
        app.validate()?;
        self.require_agency(&app.agency).await?;
        if self.backend == Backend::Postgres {
            let one = NewRegistration { app, actor, secret_hash, request };
            return register_all(self, self.begin_write().await?, &[one]).await.map(|mut r| r.remove(0));
        }
        let (done, answer) = oneshot::channel();
        let queued = QueuedRegistration {
            app: app.clone(),
            actor: actor.clone(),
            secret_hash: secret_hash.map(str::to_string),
            request: request.cloned(),
            done,
        };
        self.registrations.lock().unwrap_or_else(|e| e.into_inner()).push(queued);
        // The commit runs in a task of its own, so that a caller that goes away (a client
        // disconnecting) cannot abandon the registrations of others half-way.
        let store = self.clone();
        tokio::spawn(async move { store.commit_queued_registrations().await });
        answer.await.map_err(|_| Error::Closed)?
    }

    /// [`Store::register_with_secret`] for an application filed with attachments: the
    /// application, its secret and its files are durable together, or none of them (outside the
    /// group commit: attachments are the rare case, and their transaction is larger).
    pub async fn register_with_files(
        &self,
        app: &NewApplication,
        actor: &Actor,
        secret_hash: Option<&str>,
        files: &[crate::NewCaseFile<'_>],
    ) -> Result<Registered> {
        app.validate()?;
        self.require_agency(&app.agency).await?;
        let mut tx = self.begin_write().await?;
        let one = NewRegistration { app, actor, secret_hash, request: None };
        let registered = register_in(self, &mut tx, &[one]).await?.remove(0);
        for file in files {
            crate::files::insert_file(&mut tx, registered.id, file, actor).await?;
        }
        tx.commit().await?;
        Ok(registered)
    }

    /// Takes the writer slot and commits the registrations queued by then (at most
    /// [`MAX_GROUP_COMMIT`]) in one transaction. Every queued registration spawned one of these,
    /// so each is committed by its own call at the latest.
    async fn commit_queued_registrations(&self) {
        let Ok(slot) = self.writer.clone().acquire_owned().await else { return };
        let batch: Vec<QueuedRegistration> = {
            let mut queue = self.registrations.lock().unwrap_or_else(|e| e.into_inner());
            let n = queue.len().min(MAX_GROUP_COMMIT);
            queue.drain(..n).collect()
        };
        if batch.is_empty() {
            return;
        }
        let tx = match self.pool.begin_with("BEGIN IMMEDIATE").await {
            Ok(tx) => WriteTx { tx, _slot: Some(slot) },
            Err(e) => {
                let message = e.to_string();
                for q in batch {
                    let _ = q.done.send(Err(Error::GroupCommit(message.clone())));
                }
                return;
            }
        };
        let regs: Vec<NewRegistration> = batch.iter().map(QueuedRegistration::as_new).collect();
        match register_all(self, tx, &regs).await {
            Ok(registered) => {
                for (q, r) in batch.into_iter().zip(registered) {
                    let _ = q.done.send(Ok(r));
                }
            }
            // One registration failed (rare: they were checked before): the group's transaction
            // is rolled back and each is tried alone, so one bad row does not fail the others.
            Err(e) => {
                tracing::warn!(error = %e, n = batch.len(), "group commit of registrations failed; registering one by one");
                drop(regs);
                for q in batch {
                    let alone = async {
                        register_all(self, self.begin_write().await?, &[q.as_new()]).await.map(|mut r| r.remove(0))
                    }
                    .await;
                    let _ = q.done.send(alone);
                }
            }
        }
    }

    /// Applies an event to an application whose version the caller last saw as
    /// `expected_version`. Fails with [`Error::Conflict`] when someone else changed it meanwhile,
    /// and with [`Error::Transition`] when the event is illegal now; in both cases nothing changes.
    pub async fn apply_event(
        &self,
        id: ApplicationId,
        expected_version: i64,
        event: &Event,
        actor: &Actor,
    ) -> Result<Applied> {
        let mut tx = self.begin_write().await?;
        let applied = apply_event_in(&mut tx, id, expected_version, event, actor).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// Open applications whose reply deadline runs: (past `today`, due by `soon`, all). Dates
    /// are stored as YYYY-MM-DD, so text order is date order.
    pub async fn due_counts(&self, today: Date, soon: Date) -> Result<(i64, i64, i64)> {
        let row = sqlx::query(
            "select coalesce(sum(case when due_date < $1 then 1 else 0 end), 0), \
             coalesce(sum(case when due_date >= $1 and due_date <= $2 then 1 else 0 end), 0), count(*) \
             from applications where due_date is not null",
        )
        .bind(today.to_string())
        .bind(soon.to_string())
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
    }

    /// Lists applications with masked personal data, newest first. Not logged: nothing personal
    /// is shown in full.
    pub async fn list_applications(&self, query: &ListQuery) -> Result<Vec<ApplicationSummary>> {
        let mut conditions = Vec::new();
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if query.agency.is_some() {
            conditions.push(format!("agency_id = {}", next()));
        }
        if query.stage.is_some() {
            conditions.push(format!("stage = {}", next()));
        }
        if query.before.is_some() {
            conditions.push(format!("id < {}", next()));
        }
        let limit = match query.limit {
            0 => 50,
            l => l.min(1000),
        };
        let sql = format!(
            "select id, tracking_code, agency_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, \
             channel, registered_on, received_on, stage, lifecycle, version, due_date from applications {} \
             order by id desc limit {limit}",
            if conditions.is_empty() { String::new() } else { format!("where {}", conditions.join(" and ")) }
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(a) = &query.agency {
            q = q.bind(a.as_str().to_string());
        }
        if let Some(s) = &query.stage {
            q = q.bind(s.clone());
        }
        if let Some(b) = query.before {
            q = q.bind(b.0);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// The work queue: open applications of `agency` (all agencies when `None`) whose clock
    /// runs, soonest reply deadline first (served by the index `applications_due`), then the
    /// open ones without a running deadline (awaiting confirmation, 补正, consultation or
    /// payment), oldest first. Personal data masked, as in [`Store::list_applications`].
    pub async fn queue(&self, agency: Option<&AgencyId>, limit: u32) -> Result<Vec<ApplicationSummary>> {
        let limit = match limit {
            0 => 50,
            l => l.min(1000),
        };
        let columns = "id, tracking_code, agency_id, applicant_kind, applicant_name, applicant_id_number, \
                       applicant_phone, channel, registered_on, received_on, stage, lifecycle, version, due_date";
        let by_agency = if agency.is_some() { "agency_id = $1 and " } else { "" };
        let mut out = Vec::new();
        for sql in [
            format!(
                "select {columns} from applications where {by_agency}due_date is not null \
                 order by due_date, id limit {limit}"
            ),
            format!(
                "select {columns} from applications where {by_agency}open_until = '{OPEN}' and due_date is null \
                 order by id limit {limit}"
            ),
        ] {
            if out.len() >= limit as usize {
                break;
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            if let Some(a) = agency {
                q = q.bind(a.as_str().to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                if out.len() < limit as usize {
                    out.push(summary_from_row(&r)?);
                }
            }
        }
        Ok(out)
    }

    /// Fills in the reply deadline of applications whose clock runs but that have none stored
    /// (rows written before deadlines were stored). Each is audit-logged; returns the changes.
    pub async fn backfill_due_dates(&self, actor: &Actor) -> Result<Vec<DueDateChange>> {
        let pending: Option<i64> =
            sqlx::query_scalar("select id from applications where stage = 'processing' and due_date is null limit 1")
                .fetch_optional(&self.pool)
                .await?;
        if pending.is_none() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let calendar = calendar_in(&mut tx).await?;
        let why = serde_json::json!("backfill");
        let changes = recompute_due_dates(&mut tx, &calendar, actor, &now(), true, &why).await?;
        tx.commit().await?;
        Ok(changes)
    }

    /// One application in full, personal data included; writes a “viewed personal data” audit
    /// entry for `viewer` in the same transaction as the read.
    pub async fn application(&self, id: ApplicationId, viewer: &Actor) -> Result<ApplicationDetail> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "select tracking_code, agency_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, \
             applicant_address, channel, delivery, registered_on, lifecycle, version, created_at, updated_at, \
             applicant_id_type, applicant_email, applicant_representative, applicant_contact_person \
             from applications where id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::ApplicationNotFound(id))?;
        let items: Vec<String> =
            sqlx::query_scalar("select description from application_items where application_id = $1 order by position")
                .bind(id.0)
                .fetch_all(&mut *tx)
                .await?;
        let what = format!("申请 {id}");
        let kind: String = row.try_get(2)?;
        let channel: String = row.try_get(7)?;
        let lifecycle: String = row.try_get(10)?;
        let id_number: String = row.try_get(4)?;
        let kind = codes::parse_applicant_kind(&kind).ok_or_else(|| Error::corrupt(&what, &kind))?;
        let (id_type, email, representative, contact_person) = applicant_details(&row, 14, &id_number, kind)?;
        let detail = ApplicationDetail {
            id,
            tracking_code: row.try_get(0)?,
            agency: agency_id(row.try_get(1)?)?,
            applicant: Applicant {
                kind,
                name: row.try_get(3)?,
                id_type,
                id_number,
                phone: row.try_get(5)?,
                address: row.try_get(6)?,
                email,
                representative,
                contact_person,
            },
            channel: codes::parse_channel(&channel).ok_or_else(|| Error::corrupt(&what, &channel))?,
            delivery: row.try_get(8)?,
            registered_on: parse_date(&what, &row.try_get::<String, _>(9)?)?,
            items,
            lifecycle: serde_json::from_str(&lifecycle).map_err(|e| Error::corrupt(&what, e))?,
            version: row.try_get(11)?,
            created_at: row.try_get(12)?,
            updated_at: row.try_get(13)?,
        };
        let fields = serde_json::json!({ "fields": ["name", "id_number", "phone", "address", "email", "representative", "contact_person"] });
        audit(
            &mut tx,
            viewer,
            &now(),
            &format!("application/{id}"),
            "view_personal_data",
            None,
            Some(fields.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(detail)
    }

    /// The stored reply deadline of an application (see [`ApplicationSummary::due_date`]).
    pub async fn due_date(&self, id: ApplicationId) -> Result<Option<Date>> {
        let row: Option<Option<String>> = sqlx::query_scalar("select due_date from applications where id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        parse_opt_date(&format!("申请 {id}"), row.ok_or(Error::ApplicationNotFound(id))?)
    }

    /// The current version of an application (to apply an event without having listed it).
    pub async fn version(&self, id: ApplicationId) -> Result<i64> {
        sqlx::query_scalar("select version from applications where id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(Error::ApplicationNotFound(id))
    }

    /// The application's id for a tracking code.
    pub async fn find_by_tracking_code(&self, code: &str) -> Result<Option<ApplicationId>> {
        let id: Option<i64> = sqlx::query_scalar("select id from applications where tracking_code = $1")
            .bind(code.trim())
            .fetch_optional(&self.pool)
            .await?;
        Ok(id.map(ApplicationId))
    }

    /// The events of an application, oldest first.
    pub async fn events(&self, id: ApplicationId) -> Result<Vec<EventRecord>> {
        let rows = sqlx::query(
            "select actor, at, event, stage_before, stage_after, version_after from application_events \
             where application_id = $1 order by id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let event: String = r.try_get(2)?;
                Ok(EventRecord {
                    actor: r.try_get(0)?,
                    at: r.try_get(1)?,
                    event: serde_json::from_str(&event).map_err(|e| Error::corrupt(format!("申请 {id} 的事件"), e))?,
                    stage_before: r.try_get(3)?,
                    stage_after: r.try_get(4)?,
                    version_after: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// The audit entries of one entity (`application/12`, `agency/demo` …), oldest first.
    pub async fn audit_log(&self, entity: &str) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "select id, actor, at, entity, action, before_json, after_json from audit_log where entity = $1 order by id",
        )
        .bind(entity)
        .fetch_all(&self.pool)
        .await?;
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get(0)?,
                    actor: r.try_get(1)?,
                    at: r.try_get(2)?,
                    entity: r.try_get(3)?,
                    action: r.try_get(4)?,
                    before: json(r.try_get(5)?),
                    after: json(r.try_get(6)?),
                })
            })
            .collect()
    }
}

fn agency_id(s: String) -> Result<AgencyId> {
    AgencyId::new(s).map_err(|e| Error::corrupt("机关标识", e))
}

fn summary_from_row(r: &AnyRow) -> Result<ApplicationSummary> {
    let id = ApplicationId(r.try_get(0)?);
    let what = format!("申请 {id}");
    let kind: String = r.try_get(3)?;
    let kind = codes::parse_applicant_kind(&kind).ok_or_else(|| Error::corrupt(&what, &kind))?;
    let (name, id_number): (String, String) = (r.try_get(4)?, r.try_get(5)?);
    let channel: String = r.try_get(7)?;
    let lifecycle: String = r.try_get(11)?;
    let lifecycle: Lifecycle = serde_json::from_str(&lifecycle).map_err(|e| Error::corrupt(&what, e))?;
    Ok(ApplicationSummary {
        id,
        tracking_code: r.try_get(1)?,
        agency: agency_id(r.try_get(2)?)?,
        applicant: MaskedApplicant::new(kind, name, id_number, &r.try_get::<String, _>(6)?),
        channel: codes::parse_channel(&channel).ok_or_else(|| Error::corrupt(&what, &channel))?,
        registered_on: parse_date(&what, &r.try_get::<String, _>(8)?)?,
        received_on: parse_opt_date(&what, r.try_get(9)?)?,
        stage: r.try_get(10)?,
        concluded: lifecycle.concluded(),
        version: r.try_get(12)?,
        due_date: parse_opt_date(&what, r.try_get(13)?)?,
    })
}

/// The event's serde tag (`answer`, `request_correction` …) for audit actions.
pub(crate) fn event_tag(e: &Event) -> String {
    serde_json::to_value(e)
        .ok()
        .and_then(|v| v.get("event").and_then(|t| t.as_str()).map(String::from))
        .unwrap_or_else(|| "unknown".into())
}

/// Applies `event` inside the caller's write transaction: checks the version (optimistic
/// concurrency), the transition, then writes the new state, the event and the audit entry.
pub(crate) async fn apply_event_in(
    conn: &mut AnyConnection,
    id: ApplicationId,
    expected_version: i64,
    event: &Event,
    actor: &Actor,
) -> Result<Applied> {
    let at = now();
    // Write first: this takes the row lock (PostgreSQL) or the write lock (SQLite) at once,
    // so two staff answering the same application are serialised and the second conflicts.
    let bumped = sqlx::query("update applications set version = version + 1 where id = $1 and version = $2")
        .bind(id.0)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?;
    if bumped.rows_affected() == 0 {
        let current: Option<i64> = sqlx::query_scalar("select version from applications where id = $1")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?;
        return Err(match current {
            None => Error::ApplicationNotFound(id),
            Some(current) => Error::Conflict { id, expected: expected_version, current },
        });
    }
    let row = sqlx::query("select lifecycle, agency_id from applications where id = $1")
        .bind(id.0)
        .fetch_one(&mut *conn)
        .await?;
    let before_json: String = row.try_get(0)?;
    let agency: String = row.try_get(1)?;
    let before: Lifecycle =
        serde_json::from_str(&before_json).map_err(|e| Error::corrupt(format!("申请 {id} 的办理状态"), e))?;
    let mut lc = before.clone();
    lc.apply_as_of(event, crate::today())?; // dropping `tx` rolls the version back
    let version = expected_version + 1;
    let calendar = calendar_in(conn).await?;
    let d = derive(&lc, &calendar);
    let after_json = lifecycle_json(&lc);
    let due_date = d.due_date.as_deref().map(|s| parse_date("答复期限", s)).transpose()?;
    sqlx::query(
        "update applications set lifecycle = $1, stage = $2, received_on = $3, concluded_on = $4, outcome = $5, \
         open_until = $6, due_date = $7, updated_at = $8, answered_on_time = $9, working_days_taken = $10 where id = $11",
    )
    .bind(&after_json)
    .bind(d.stage)
    .bind(d.received_on)
    .bind(d.concluded_on)
    .bind(d.outcome)
    .bind(d.open_until)
    .bind(d.due_date)
    .bind(&at)
    .bind(d.answered_on_time)
    .bind(d.working_days_taken)
    .bind(id.0)
    .execute(&mut *conn)
    .await?;
    fee_side_effects(conn, id, &agency, &before.stage, event).await?;
    insert_event(conn, id, actor, &at, event, (Some(codes::stage(&before.stage)), d.stage), version).await?;
    let action = format!("event:{}", event_tag(event));
    audit(conn, actor, &at, &format!("application/{id}"), &action, Some(before_json), Some(after_json)).await?;
    Ok(Applied { version, lifecycle: lc, due_date })
}

/// At most this many registrations are committed in one transaction.
const MAX_GROUP_COMMIT: usize = 512;

/// A registration waiting for the writer (SQLite group commit).
#[derive(Debug)]
pub(crate) struct QueuedRegistration {
    app: NewApplication,
    actor: Actor,
    secret_hash: Option<String>,
    request: Option<RequestKey>,
    done: oneshot::Sender<Result<Registered>>,
}

impl QueuedRegistration {
    fn as_new(&self) -> NewRegistration<'_> {
        NewRegistration {
            app: &self.app,
            actor: &self.actor,
            secret_hash: self.secret_hash.as_deref(),
            request: self.request.as_ref(),
        }
    }
}

/// The idempotency key of an API submission, as hashes: of the route and the client's key, and
/// of the request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    pub key_hash: String,
    pub body_hash: String,
}

/// One registration to write: the application, who registers it, the applicant's secret hash.
struct NewRegistration<'a> {
    app: &'a NewApplication,
    actor: &'a Actor,
    secret_hash: Option<&'a str>,
    request: Option<&'a RequestKey>,
}

/// Registers applications in `tx` and commits, all or none: the rows with their tracking
/// codes, the items, one audit entry each and the secrets, with multi-row statements (one row
/// each when registering alone).
async fn register_all(store: &Store, mut tx: WriteTx, batch: &[NewRegistration<'_>]) -> Result<Vec<Registered>> {
    let registered = register_in(store, &mut tx, batch).await?;
    tx.commit().await?;
    Ok(registered)
}

/// [`register_all`] inside the caller's transaction (which commits).
async fn register_in(store: &Store, tx: &mut WriteTx, batch: &[NewRegistration<'_>]) -> Result<Vec<Registered>> {
    let calendar = calendar_in(tx).await?;
    let at = now();
    let ids = store.reserve_ids(tx, batch.len()).await?;
    let apps: Vec<&NewApplication> = batch.iter().map(|q| q.app).collect();
    let lifecycles: Vec<Lifecycle> =
        apps.iter().map(|a| Lifecycle::register(a.applicant.kind, a.channel, a.registered_on)).collect();
    let registered: Vec<Registered> = ids
        .into_iter()
        .zip(&apps)
        .map(|(id, a)| Registered { id, tracking_code: tracking_code(a.registered_on.year(), id), version: 1 })
        .collect();
    insert_applications(tx, store.backend, &registered, &apps, &lifecycles, &calendar, &at).await?;
    insert_items(tx, store.backend, &registered, &apps).await?;
    let entries: Vec<AuditRow> = batch
        .iter()
        .zip(&registered)
        .zip(&lifecycles)
        .map(|((q, r), lc)| AuditRow {
            actor: q.actor,
            entity: format!("application/{}", r.id),
            action: "register",
            after: registration_audit(&r.tracking_code, q.app, lc, &calendar),
        })
        .collect();
    insert_audit(tx, store.backend, &entries, &at).await?;
    let secrets: Vec<(ApplicationId, &str)> =
        batch.iter().zip(&registered).filter_map(|(q, r)| Some((r.id, q.secret_hash?))).collect();
    insert_secrets(tx, store.backend, &secrets).await?;
    for (q, r) in batch.iter().zip(&registered) {
        if let Some(key) = q.request {
            sqlx::query(
                "insert into request_keys (key_hash, body_hash, application_id, created_at) values ($1, $2, $3, $4)",
            )
            .bind(&key.key_hash)
            .bind(&key.body_hash)
            .bind(r.id.0)
            .bind(&at)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(registered)
}

/// What the audit log records of a registration.
fn registration_audit(code: &str, app: &NewApplication, lc: &Lifecycle, calendar: &Calendar) -> String {
    serde_json::json!({
        "tracking_code": code,
        "agency": app.agency,
        "channel": codes::channel(app.channel),
        "applicant_kind": codes::applicant_kind(app.applicant.kind),
        "registered_on": app.registered_on,
        "items": app.items.len(),
        "due_date": lc.due_date(calendar),
    })
    .to_string()
}
