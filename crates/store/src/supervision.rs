//! Supervision records (督查): the agency tree's levels, kinds and short names; annual reports
//! filed per agency and year as immutable versions with their origin and source file (kept once
//! per SHA-256); corrections as new versions; and the inbox of files matched to no agency.

use std::collections::BTreeMap;

use gongkai_core::finding::{Finding, Rule};
use gongkai_core::report::{Figure, Report};
use gongkai_core::supervise::{Agency as TreeAgency, AgencyCode, AgencyKind, AgencyTree, Level, Sketch};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{Actor, AgencyId, Error, Result, Store, audit, now, parse_opt_date};

/// Where a version of a report comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportOrigin {
    /// 由本平台记录编制
    Compiled,
    /// 从已发布的报告文件识别
    Read,
    /// 人工录入
    Entered,
    /// 审核人更正
    Corrected,
}

impl ReportOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportOrigin::Compiled => "compiled",
            ReportOrigin::Read => "read",
            ReportOrigin::Entered => "entered",
            ReportOrigin::Corrected => "corrected",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ReportOrigin::Compiled => "平台编制",
            ReportOrigin::Read => "文件识别",
            ReportOrigin::Entered => "人工录入",
            ReportOrigin::Corrected => "人工更正",
        }
    }
    fn parse(s: &str) -> Result<ReportOrigin> {
        Ok(match s {
            "compiled" => ReportOrigin::Compiled,
            "read" => ReportOrigin::Read,
            "entered" => ReportOrigin::Entered,
            "corrected" => ReportOrigin::Corrected,
            other => return Err(Error::corrupt("报告来源", other)),
        })
    }
}

/// A reviewer's correction of one cell: kept with the version it made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub key: String,
    pub before: Option<Figure>,
    pub after: Figure,
    pub reason: String,
}

/// One stored version of an agency's report of a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportVersion {
    pub agency: AgencyId,
    pub year: i32,
    pub version: i64,
    pub origin: ReportOrigin,
    pub source_sha256: Option<String>,
    pub published_on: Option<Date>,
    pub summary: bool,
    pub report: Report,
    pub correction: Option<Correction>,
    pub created_by: String,
    pub created_at: String,
    /// The sketch of the report's text for 内容雷同 checks, when it had text.
    #[serde(skip)]
    pub text_sketch: Option<Sketch>,
}

/// A source file as collected.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

impl SourceFile<'_> {
    pub fn sha256(&self) -> String {
        sha256_hex(self.bytes)
    }
}

/// Lowercase hex SHA-256 of `bytes`: how source files are named and deduplicated.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A report to file.
#[derive(Debug, Clone)]
pub struct NewReportVersion<'a> {
    pub agency: &'a AgencyId,
    pub year: i32,
    pub origin: ReportOrigin,
    pub source: Option<SourceFile<'a>>,
    pub published_on: Option<Date>,
    pub summary: bool,
    pub report: &'a Report,
    /// The sketch of the report's text (see [`Sketch`]), kept for later 内容雷同 checks.
    pub text_sketch: Option<&'a Sketch>,
}

/// What filing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filing {
    /// A new version was stored.
    Filed { version: i64 },
    /// The same source file is already filed for this agency and year: nothing changed.
    Unchanged { version: i64 },
}

/// A file that could not be matched to exactly one agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboxEntry {
    pub sha256: String,
    pub file_name: String,
    pub read_agency: Option<String>,
    pub read_year: Option<i32>,
    pub candidates: Vec<AgencyId>,
    pub reason: String,
    pub added_at: String,
}

/// Counts of an agency import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct AgencyImport {
    pub created: usize,
    pub updated: usize,
}

/// Marks the registry changed (inside the transaction of the change).
pub(crate) async fn bump_generation(conn: &mut sqlx::AnyConnection) -> Result<()> {
    sqlx::query("update registry_generation set value = value + 1 where id = 1").execute(conn).await?;
    Ok(())
}

impl Store {
    /// A number that changes whenever the agency tree or the reports filed change: what is
    /// computed from them can be kept while it stays the same.
    pub async fn registry_generation(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("select value from registry_generation where id = 1").fetch_one(&self.pool).await?)
    }

    /// The whole agency tree as stored.
    pub async fn agency_tree(&self) -> Result<AgencyTree> {
        let rows = sqlx::query("select id, name, short_names, level, kind, parent_id from agencies order by id")
            .fetch_all(&self.pool)
            .await?;
        let mut agencies = Vec::with_capacity(rows.len());
        for r in rows {
            let code: String = r.get(0);
            let shorts: String = r.get(2);
            let level: Option<String> = r.get(3);
            let kind: String = r.get(4);
            let parent: Option<String> = r.get(5);
            let code_of = |s: &str| AgencyCode::parse(s).map_err(|e| Error::corrupt("机关标识", e));
            agencies.push(TreeAgency {
                code: code_of(&code)?,
                name: r.get(1),
                short_names: serde_json::from_str(&shorts).map_err(|e| Error::corrupt("机构简称", e))?,
                level: level
                    .as_deref()
                    .map(|l| Level::parse(l).ok_or_else(|| Error::corrupt("机构层级", l)))
                    .transpose()?,
                kind: AgencyKind::parse(&kind).ok_or_else(|| Error::corrupt("机构类别", &kind))?,
                parent: parent.as_deref().map(code_of).transpose()?,
            });
        }
        AgencyTree::build(agencies).map_err(|errors| {
            Error::corrupt("机构树", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))
        })
    }

    /// Creates or updates the agencies of `rows` (by code), all or nothing: the tree they make
    /// with the agencies already stored is checked first, and every problem is returned by row.
    pub async fn import_agencies(&self, rows: Vec<TreeAgency>, actor: &Actor) -> Result<AgencyImport, ImportError> {
        let stored = self.agency_tree().await?;
        let mut counts = AgencyImport::default();
        // The file's rows first, so errors name them by their place in the file; then the
        // stored agencies the file does not restate (known parents, possible cycles).
        let in_file: std::collections::HashSet<&AgencyCode> = rows.iter().map(|r| &r.code).collect();
        let mut merged = rows.clone();
        for (_, a) in stored.iter() {
            if in_file.contains(&a.code) {
                counts.updated += 1;
            } else {
                merged.push(a.clone());
            }
        }
        counts.created = rows.len() - counts.updated;
        let tree = AgencyTree::build(merged).map_err(|errors| {
            ImportError::Rows(errors.into_iter().filter(|e| e.row().is_none_or(|r| r <= rows.len())).collect())
        })?;
        let at = now();
        let mut tx = self.begin_write().await?;
        // Preorder: a parent is written before its children (the foreign key holds throughout).
        for (_, a) in tree.iter() {
            if !in_file.contains(&a.code) {
                continue;
            }
            let shorts = serde_json::to_string(&a.short_names).expect("strings serialise");
            sqlx::query(
                "insert into agencies (id, name, created_at, short_names, level, kind, parent_id)
                 values ($1, $2, $3, $4, $5, $6, $7)
                 on conflict (id) do update set name = excluded.name, short_names = excluded.short_names,
                   level = excluded.level, kind = excluded.kind, parent_id = excluded.parent_id",
            )
            .bind(a.code.as_str())
            .bind(a.name.trim())
            .bind(&at)
            .bind(shorts)
            .bind(a.level.map(Level::code))
            .bind(a.kind.code())
            .bind(a.parent.as_ref().map(|p| p.as_str().to_string()))
            .execute(&mut *tx)
            .await
            .map_err(Error::from)?;
        }
        let after = serde_json::to_string(&counts).ok();
        audit(&mut tx, actor, &at, "agencies", "import", None, after).await?;
        bump_generation(&mut tx).await?;
        tx.commit().await?;
        self.known_agencies.write().unwrap_or_else(|e| e.into_inner()).clear();
        Ok(counts)
    }

    /// Files a version of a report. With a source file already filed for this agency and year
    /// nothing changes (re-importing a folder is harmless).
    pub async fn file_report(&self, new: NewReportVersion<'_>, actor: &Actor) -> Result<Filing> {
        self.require_agency(new.agency).await?;
        let sha = new.source.map(|s| s.sha256());
        let at = now();
        let mut tx = self.begin_write().await?;
        // Checked inside the write transaction: two collections of the same file at once file
        // it once (the second waits for the first's commit, then finds its version). SQLite has
        // one writer; PostgreSQL serialises filings of one agency on its row.
        if self.backend == crate::Backend::Postgres {
            sqlx::query("select id from agencies where id = $1 for update")
                .bind(new.agency.as_str())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(sha) = &sha
            && let Some(version) = sqlx::query_scalar::<_, i64>(
                "select version from report_versions where agency_id = $1 and year = $2 and source_sha256 = $3
                 order by version desc limit 1",
            )
            .bind(new.agency.as_str())
            .bind(i64::from(new.year))
            .bind(sha)
            .fetch_optional(&mut *tx)
            .await?
        {
            return Ok(Filing::Unchanged { version });
        }
        if let (Some(file), Some(sha)) = (new.source, &sha) {
            put_file(&mut tx, file, sha, &at).await?;
        }
        let version = insert_version(&mut tx, &new, sha.as_deref(), None, actor, &at).await?;
        let entity = format!("report/{}/{}", new.agency, new.year);
        let after = serde_json::json!({ "version": version, "origin": new.origin.as_str(), "source": sha }).to_string();
        audit(&mut tx, actor, &at, &entity, "file", None, Some(after)).await?;
        bump_generation(&mut tx).await?;
        if let Some(sha) = &sha {
            sqlx::query("update report_inbox set assigned_at = $1 where sha256 = $2 and assigned_at is null")
                .bind(&at)
                .bind(sha)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Filing::Filed { version })
    }

    /// Files many report versions in one transaction (bulk loads, migrations from other
    /// systems): each gets the next version of its agency and year; source files are stored once.
    pub async fn file_reports(&self, reports: &[NewReportVersion<'_>], actor: &Actor) -> Result<usize> {
        let at = now();
        let mut tx = self.begin_write().await?;
        for new in reports {
            let sha = new.source.map(|s| s.sha256());
            if let (Some(file), Some(sha)) = (new.source, &sha) {
                put_file(&mut tx, file, sha, &at).await?;
            }
            insert_version(&mut tx, new, sha.as_deref(), None, actor, &at).await?;
        }
        let after = serde_json::json!({ "reports": reports.len() }).to_string();
        audit(&mut tx, actor, &at, "reports", "file_bulk", None, Some(after)).await?;
        bump_generation(&mut tx).await?;
        tx.commit().await?;
        Ok(reports.len())
    }

    /// Keeps a file that matched no agency or several, for a person to assign. Returns false
    /// when the file was already waiting (or filed).
    pub async fn hold_report(
        &self,
        file: SourceFile<'_>,
        read_agency: Option<&str>,
        read_year: Option<i32>,
        candidates: &[AgencyId],
        reason: &str,
        actor: &Actor,
    ) -> Result<bool> {
        let sha = file.sha256();
        let filed: Option<i64> = sqlx::query_scalar("select id from report_versions where source_sha256 = $1 limit 1")
            .bind(&sha)
            .fetch_optional(&self.pool)
            .await?;
        if filed.is_some() {
            return Ok(false);
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        put_file(&mut tx, file, &sha, &at).await?;
        let candidates = serde_json::to_string(candidates).expect("ids serialise");
        let added = sqlx::query(
            "insert into report_inbox (sha256, read_agency, read_year, candidates, reason, added_at)
             values ($1, $2, $3, $4, $5, $6) on conflict (sha256) do nothing",
        )
        .bind(&sha)
        .bind(read_agency)
        .bind(read_year.map(i64::from))
        .bind(candidates)
        .bind(reason)
        .bind(&at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if added {
            audit(&mut tx, actor, &at, &format!("report_inbox/{sha}"), "hold", None, Some(reason.to_string())).await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Files waiting to be assigned, oldest first.
    pub async fn report_inbox(&self) -> Result<Vec<InboxEntry>> {
        let rows = sqlx::query(
            "select i.sha256, f.file_name, i.read_agency, i.read_year, i.candidates, i.reason, i.added_at
             from report_inbox i join report_files f on f.sha256 = i.sha256
             where i.assigned_at is null order by i.added_at, i.sha256",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let candidates: String = r.get(4);
                Ok(InboxEntry {
                    sha256: r.get(0),
                    file_name: r.get(1),
                    read_agency: r.get(2),
                    read_year: r.get::<Option<i64>, _>(3).map(|y| y as i32),
                    candidates: serde_json::from_str(&candidates).map_err(|e| Error::corrupt("候选机构", e))?,
                    reason: r.get(5),
                    added_at: r.get(6),
                })
            })
            .collect()
    }

    /// A stored source file: its name and bytes.
    pub async fn report_file(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("select file_name, content from report_files where sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Every version of an agency's report of a year, oldest first.
    pub async fn report_versions(&self, agency: &AgencyId, year: i32) -> Result<Vec<ReportVersion>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{VERSION_COLUMNS} where agency_id = $1 and year = $2 order by version"
        )))
        .bind(agency.as_str())
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(version_of_row).collect()
    }

    /// The current (latest) version of an agency's report of a year, if any.
    pub async fn current_version(&self, agency: &AgencyId, year: i32) -> Result<Option<ReportVersion>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{VERSION_COLUMNS} where agency_id = $1 and year = $2 order by version desc limit 1"
        )))
        .bind(agency.as_str())
        .bind(i64::from(year))
        .fetch_optional(&self.pool)
        .await?;
        row.map(version_of_row).transpose()
    }

    /// The current (latest) version of every agency's report of `year`.
    pub async fn current_reports(&self, year: i32) -> Result<BTreeMap<AgencyId, ReportVersion>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{VERSION_COLUMNS} v where year = $1 and version =
               (select max(version) from report_versions w where w.agency_id = v.agency_id and w.year = v.year)"
        )))
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(|r| version_of_row(r).map(|v| (v.agency.clone(), v))).collect()
    }

    /// The text sketches of every agency's current report of `year` (those with text), for
    /// 内容雷同 checks among peers: one query, kept by a collection run while it files.
    pub async fn current_sketches(&self, year: i32) -> Result<BTreeMap<AgencyId, Sketch>> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "select agency_id, text_sketch from report_versions v where year = $1 and version =
               (select max(version) from report_versions w where w.agency_id = v.agency_id and w.year = v.year)",
        )
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        let mut out = BTreeMap::new();
        for (agency, sketch) in rows {
            if let Some(sketch) = sketch.as_deref().and_then(Sketch::decode) {
                out.insert(AgencyId::new(agency).map_err(|e| Error::corrupt("机关标识", e))?, sketch);
            }
        }
        Ok(out)
    }

    /// Corrects one cell of the current version: a new version holds the corrected report and
    /// the correction (key, before, after, reason); the reading it corrects stays as it was.
    pub async fn correct_report(
        &self,
        agency: &AgencyId,
        year: i32,
        key: &str,
        value: Figure,
        reason: &str,
        actor: &Actor,
    ) -> Result<ReportVersion> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(Error::invalid("更正理由", "不能为空，且不超过500个字符"));
        }
        if !gongkai_core::keys::all_keys().iter().any(|k| k == key) {
            return Err(Error::invalid("数据项", format!("“{key}”不是报告的数据项")));
        }
        let current = self
            .current_version(agency, year)
            .await?
            .ok_or_else(|| Error::invalid("报告", format!("{agency}没有{year}年度的报告")))?;
        let mut report = current.report.clone();
        let before = report.values.insert(key.to_string(), value);
        report.evidence.remove(key);
        // Findings about the text stay (the text did not change); the figures are audited anew.
        let about_text = [Rule::SimilarText, Rule::MissingSection];
        let kept: Vec<Finding> = report.findings.drain(..).filter(|f| about_text.contains(&f.rule)).collect();
        report.findings = gongkai_core::audit::audit(&report);
        report.findings.extend(kept);
        let correction = Correction { key: key.to_string(), before, after: value, reason: reason.to_string() };
        let at = now();
        let mut tx = self.begin_write().await?;
        let new = NewReportVersion {
            agency,
            year,
            origin: ReportOrigin::Corrected,
            source: None,
            published_on: current.published_on,
            summary: current.summary,
            report: &report,
            text_sketch: current.text_sketch.as_ref(),
        };
        let version =
            insert_version(&mut tx, &new, current.source_sha256.as_deref(), Some(&correction), actor, &at).await?;
        let entity = format!("report/{agency}/{year}");
        let before_json = serde_json::json!({ "version": current.version, "key": key, "value": before }).to_string();
        let after_json = serde_json::to_string(&correction).ok();
        audit(&mut tx, actor, &at, &entity, "correct", Some(before_json), after_json).await?;
        bump_generation(&mut tx).await?;
        tx.commit().await?;
        Ok(ReportVersion {
            agency: agency.clone(),
            year,
            version,
            origin: ReportOrigin::Corrected,
            source_sha256: current.source_sha256,
            published_on: current.published_on,
            summary: current.summary,
            report,
            correction: Some(correction),
            created_by: actor.as_str().to_string(),
            created_at: at,
            text_sketch: current.text_sketch,
        })
    }
}

/// Why an agency import was refused (nothing was stored).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("导入失败，未作任何更改：{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))]
    Rows(Vec<gongkai_core::supervise::TreeError>),
    #[error(transparent)]
    Store(#[from] Error),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(Error::from(e))
    }
}

const VERSION_COLUMNS: &str = "select agency_id, year, version, origin, source_sha256, published_on, summary, report,
    correction, created_by, created_at, text_sketch from report_versions";

fn version_of_row(r: sqlx::any::AnyRow) -> Result<ReportVersion> {
    let agency: String = r.get(0);
    let origin: String = r.get(3);
    let report: String = r.get(7);
    let correction: Option<String> = r.get(8);
    Ok(ReportVersion {
        agency: AgencyId::new(agency).map_err(|e| Error::corrupt("机关标识", e))?,
        year: r.get::<i64, _>(1) as i32,
        version: r.get(2),
        origin: ReportOrigin::parse(&origin)?,
        source_sha256: r.get(4),
        published_on: parse_opt_date("发布日期", r.get(5))?,
        summary: r.get::<i64, _>(6) != 0,
        report: Report::from_json(&report).map_err(|e| Error::corrupt("报告数据", e))?,
        correction: correction
            .map(|c| serde_json::from_str(&c).map_err(|e| Error::corrupt("更正记录", e)))
            .transpose()?,
        created_by: r.get(9),
        created_at: r.get(10),
        text_sketch: r.get::<Option<String>, _>(11).as_deref().and_then(Sketch::decode),
    })
}

async fn put_file(tx: &mut crate::WriteTx, file: SourceFile<'_>, sha: &str, at: &str) -> Result<()> {
    sqlx::query(
        "insert into report_files (sha256, file_name, size, content, added_at) values ($1, $2, $3, $4, $5)
         on conflict (sha256) do nothing",
    )
    .bind(sha)
    .bind(file.name)
    .bind(file.bytes.len() as i64)
    .bind(file.bytes.to_vec())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_version(
    tx: &mut crate::WriteTx,
    new: &NewReportVersion<'_>,
    sha: Option<&str>,
    correction: Option<&Correction>,
    actor: &Actor,
    at: &str,
) -> Result<i64> {
    let next: i64 = sqlx::query_scalar(
        "select coalesce(max(version), 0) + 1 from report_versions where agency_id = $1 and year = $2",
    )
    .bind(new.agency.as_str())
    .bind(i64::from(new.year))
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "insert into report_versions (agency_id, year, version, origin, source_sha256, published_on, summary, report,
           correction, created_by, created_at, text_sketch) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new.agency.as_str())
    .bind(i64::from(new.year))
    .bind(next)
    .bind(new.origin.as_str())
    .bind(sha)
    .bind(new.published_on.map(|d| d.to_string()))
    .bind(i64::from(new.summary))
    .bind(serde_json::to_string(new.report).expect("reports serialise"))
    .bind(correction.map(|c| serde_json::to_string(c).expect("corrections serialise")))
    .bind(actor.as_str())
    .bind(at)
    .bind(new.text_sketch.map(Sketch::encode))
    .execute(&mut **tx)
    .await?;
    Ok(next)
}

/// The agency id of a tree code (both follow `AgencyCode::is_valid`).
pub fn id_of(code: &AgencyCode) -> AgencyId {
    AgencyId::new(code.as_str()).expect("agency codes and ids share one rule")
}
