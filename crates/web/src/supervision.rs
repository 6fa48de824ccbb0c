//! Supervision (督查) on the platform: collecting published reports into the registry (one
//! path for the console's upload and `gongkai collect`), the roll-up page of a subtree with its
//! indicators, charts and findings, the inbox of files to assign, the XLSX and 通报 downloads,
//! and the roll-up in the JSON API.

use std::collections::BTreeMap;
use std::path::Path as FsPath;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use gongkai_core::keys::{T3Col, T3Row, t3};
use gongkai_core::supervise::trend::{copied, copied_from_peers};
use gongkai_core::supervise::{
    AgencyCode, AgencyTree, Dense, Fingerprint, Indicators, Level, NameIndex, NameMatch, NodeId, Punctuality, Rollup,
    Sketch, rollup_prepared,
};
use gongkai_core::{Finding, Origin, Report, Severity};
use gongkai_extract::{Extractor, InputKind};
use gongkai_store::supervision::{self, Filing, NewReportVersion, ReportOrigin, ReportVersion, SourceFile};
use gongkai_store::{Actor, AgencyId, Role, Store};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::AppState;
use crate::auth::{ApiCaller, CurrentUser, Permission};
use crate::console::bar;
use crate::error::{ApiResult, Error, Result};
use crate::security::{PageForm, csrf_token, verify_csrf};
use crate::views::{Choice, SupervisionInboxPage, SupervisionPage, SupervisionRow};

// ---------------------------------------------------------------------------------------------
// Collection, shared with the CLI.

/// What became of one collected file.
#[derive(Debug, Clone, PartialEq)]
pub enum Collected {
    Filed {
        agency: String,
        year: i32,
        version: i64,
    },
    /// The same file was filed before: nothing changed.
    Unchanged,
    /// Waiting for a person: why.
    Held(String),
    /// The file could not be read: why (Chinese).
    Failed(String),
}

/// The largest document taken from an archive, and the largest unpacked/packed ratio: a ZIP that
/// would unpack beyond either is refused rather than filling memory (zip bomb).
const MAX_ENTRY_BYTES: u64 = 64 << 20;
const MAX_RATIO: u64 = 200;

/// The report documents inside a ZIP archive (`archive!entry` names), refused whole when it is
/// damaged or an entry would unpack too far.
pub fn unzip_documents(archive: &str, bytes: &[u8]) -> std::result::Result<Vec<(String, Vec<u8>)>, String> {
    use std::io::Read;
    let damaged = |e: zip::result::ZipError| format!("ZIP 文件已损坏或无效（{e}）");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(damaged)?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(damaged)?;
        let entry_name = entry.name().to_string();
        if entry.is_dir() || !InputKind::is_document_path(FsPath::new(&entry_name)) {
            continue;
        }
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        if size > MAX_ENTRY_BYTES || size / packed > MAX_RATIO {
            return Err(format!("压缩包中的“{entry_name}”解压后过大（{size}字节），已拒绝"));
        }
        let mut data = Vec::with_capacity(size as usize);
        // The declared size can lie: never read past the limit whatever it says.
        (&mut entry).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut data).map_err(|e| format!("ZIP 文件已损坏（{e}）"))?;
        if data.len() as u64 > MAX_ENTRY_BYTES {
            return Err(format!("压缩包中的“{entry_name}”解压后过大，已拒绝"));
        }
        out.push((format!("{archive}!{entry_name}"), data));
    }
    Ok(out)
}

/// A document as read for filing: its figures, and what its text tells beyond them (the
/// sketch of its prose for 内容雷同, the completeness of its sections). The text itself is not
/// kept: the source file is.
#[derive(Debug, Clone)]
pub struct ReadDocument {
    pub report: Report,
    pub text: TextFacts,
}

/// What filing checks in a report's text.
#[derive(Debug, Clone, Default)]
pub struct TextFacts {
    pub sketch: Sketch,
    /// Sections missing, fee unstated ([`gongkai_core::supervise::completeness`]).
    pub completeness: Vec<Finding>,
}

/// Reads one document held in memory (`name` chooses the container by its extension).
pub fn read_document(extractor: &Extractor, name: &str, bytes: &[u8]) -> std::result::Result<ReadDocument, String> {
    let entry = name.rsplit('!').next().unwrap_or(name);
    let doc = InputKind::detect(FsPath::new(entry), bytes)
        .and_then(|k| extractor.read_doc(k, bytes))
        .map_err(|e| e.message_zh())?;
    let mut report = extractor.read_report(&doc);
    report.source = Some(name.to_string());
    let prose = doc.lines.iter().filter(|l| !l.is_row()).map(|l| l.text.as_str());
    let sketch = Fingerprint::of_prose(prose).sketch();
    let text: String = doc.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    let completeness = gongkai_core::supervise::completeness(&text, &report);
    Ok(ReadDocument { report, text: TextFacts { sketch, completeness } })
}

/// Files reports read from published files into the registry, matched against the agency tree
/// as it was when collection began.
pub struct Collector<'a> {
    store: &'a Store,
    tree: AgencyTree,
    names: NameIndex,
    /// The year to file under when a document states none.
    year: Option<i32>,
    actor: Actor,
    /// The text sketches of the current reports, per year, loaded once and kept up to date as
    /// this run files: peers are compared without a query per file.
    sketches: std::sync::Mutex<BTreeMap<i32, Arc<BTreeMap<AgencyId, Sketch>>>>,
}

impl<'a> Collector<'a> {
    pub async fn load(store: &'a Store, year: Option<i32>, actor: Actor) -> gongkai_store::Result<Collector<'a>> {
        let tree = store.agency_tree().await?;
        let names = NameIndex::new(&tree);
        Ok(Collector { store, tree, names, year, actor, sketches: Default::default() })
    }

    /// Files a report read from `bytes` under the agency its name matches (the name the
    /// document gives itself, else the file name) and its year; holds it for a person when no
    /// agency, several, or a different year match.
    pub async fn file(&self, file_name: &str, bytes: &[u8], read: ReadDocument) -> gongkai_store::Result<Collected> {
        let ReadDocument { mut report, text } = read;
        let (tree, actor) = (&self.tree, &self.actor);
        let base = file_name.rsplit(['/', '\\', '!']).next().unwrap_or(file_name);
        let file = SourceFile { name: base, bytes };
        let read_name = report.agency.clone();
        let hold = async |why: String, candidates: &[AgencyId], report_year: Option<i32>| {
            self.store.hold_report(file, read_name.as_deref(), report_year, candidates, &why, actor).await?;
            Ok(Collected::Held(why))
        };
        let the_year = match (report.year, self.year) {
            (Some(a), Some(b)) if a != b => {
                return hold(format!("文件所报年度为{a}年，与指定的{b}年不符"), &[], Some(a)).await;
            }
            (Some(y), _) | (None, Some(y)) => y,
            (None, None) => return hold("未能识别报告年度，请指定年度".into(), &[], None).await,
        };
        report.year = Some(the_year);
        let stem = FsPath::new(base).file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let found = match read_name.as_deref().map(|n| self.names.find(n)) {
            Some(NameMatch::None) | None => self.names.find(stem),
            Some(m) => m,
        };
        let id = match found {
            NameMatch::One(id) => id,
            NameMatch::Many(ids) => {
                let candidates: Vec<AgencyId> = ids.iter().map(|&i| supervision::id_of(&tree.agency(i).code)).collect();
                let listed: Vec<&str> = ids.iter().map(|&i| tree.agency(i).name.as_str()).collect();
                return hold(format!("机构名称对应多个机构：{}", listed.join("、")), &candidates, Some(the_year)).await;
            }
            NameMatch::None => {
                let shown = read_name.as_deref().unwrap_or("（未识别）");
                return hold(format!("机构“{shown}”不在机构树中"), &[], Some(the_year)).await;
            }
        };
        let agency = supervision::id_of(&tree.agency(id).code);
        // The map is shared with the cache only while the peers are taken: adding this
        // report's sketch below then updates it in place instead of copying it.
        let peers = peers_of(tree, id, &*self.sketches_of(the_year).await?);
        report.findings = findings_before_filing(self.store, &agency, the_year, &report, Some(&text), &peers).await?;
        let new = NewReportVersion {
            agency: &agency,
            year: the_year,
            origin: ReportOrigin::Read,
            source: Some(file),
            published_on: None,
            summary: false,
            report: &report,
            text_sketch: Some(&text.sketch),
        };
        Ok(match self.store.file_report(new, actor).await? {
            Filing::Filed { version } => {
                let mut all = self.sketches.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(year) = all.get_mut(&the_year) {
                    Arc::make_mut(year).insert(agency, text.sketch);
                }
                Collected::Filed { agency: tree.agency(id).name.clone(), year: the_year, version }
            }
            Filing::Unchanged { .. } => Collected::Unchanged,
        })
    }

    async fn sketches_of(&self, year: i32) -> gongkai_store::Result<Arc<BTreeMap<AgencyId, Sketch>>> {
        if let Some(s) = self.sketches.lock().unwrap_or_else(|e| e.into_inner()).get(&year) {
            return Ok(s.clone());
        }
        let loaded = Arc::new(self.store.current_sketches(year).await?);
        self.sketches.lock().unwrap_or_else(|e| e.into_inner()).insert(year, loaded.clone());
        Ok(loaded)
    }
}

/// How many peers a report is compared with for 内容雷同 (the siblings under one parent).
const PEERS_COMPARED: usize = 500;

/// The sketches of the siblings of `id` (same parent; the roots are each other's peers) that
/// have one, with their names.
fn peers_of(tree: &AgencyTree, id: NodeId, sketches: &BTreeMap<AgencyId, Sketch>) -> Vec<(String, Sketch)> {
    let siblings: Vec<NodeId> = match tree.parent(id) {
        Some(p) => tree.children(p).collect(),
        None => tree.roots().collect(),
    };
    siblings
        .into_iter()
        .filter(|&s| s != id)
        .filter_map(|s| {
            let a = tree.agency(s);
            sketches.get(&supervision::id_of(&a.code)).map(|k| (a.name.clone(), k.clone()))
        })
        .take(PEERS_COMPARED)
        .collect()
}

/// The peers of `agency` for a single filing (a person's action): the tree and the year's
/// sketches read once.
async fn peers_for(store: &Store, agency: &AgencyId, year: i32) -> gongkai_store::Result<Vec<(String, Sketch)>> {
    let tree = store.agency_tree().await?;
    let Some(id) = AgencyCode::parse(agency.as_str()).ok().and_then(|c| tree.id(&c)) else { return Ok(Vec::new()) };
    Ok(peers_of(&tree, id, &store.current_sketches(year).await?))
}

/// At most this many peers are named as sources of one report's text.
const COPIES_NAMED: usize = 3;

/// The findings of a report about to be filed: its own audit; against the agency's current
/// report of the year before (table 三 carry-over, table 二 balance, ×5 jumps of headline
/// figures); and, when it has text, the completeness of its sections and its text against the
/// year before and against `peers` (内容雷同).
pub async fn findings_before_filing(
    store: &Store,
    agency: &AgencyId,
    year: i32,
    report: &Report,
    text: Option<&TextFacts>,
    peers: &[(String, Sketch)],
) -> gongkai_store::Result<Vec<Finding>> {
    let mut findings = gongkai_core::audit::audit(report);
    let prev = store.current_version(agency, year - 1).await?;
    if let Some(text) = text {
        findings.extend(text.completeness.iter().cloned());
        if let Some(last) = prev.as_ref().and_then(|p| p.text_sketch.as_ref()) {
            findings.extend(copied(&text.sketch, year, last, &format!("本机关{}年报告", year - 1)));
        }
        findings.extend(copied_from_peers(&text.sketch, year, peers, COPIES_NAMED));
    }
    if let Some(prev) = prev {
        let mut this = report.clone();
        this.year = Some(year);
        let mut last = prev.report;
        last.year = Some(year - 1);
        if let Some(across) = gongkai_core::audit::audit_series(&[&last, &this]).pop() {
            findings.extend(across);
        }
        findings.extend(gongkai_core::supervise::jumps(&last, &this));
    }
    Ok(findings)
}

/// Files a held file (by its SHA-256) under the agency and year a person chose.
pub async fn assign_held(store: &Store, sha: &str, agency: &AgencyId, year: i32, actor: &Actor) -> Result<Filing> {
    let (name, bytes) = store.report_file(sha).await?.ok_or_else(|| Error::NotFound("文件不存在".into()))?;
    let ReadDocument { mut report, text } =
        read_document(&Extractor::new(), &name, &bytes).map_err(Error::BadRequest)?;
    report.year = Some(year);
    let peers = peers_for(store, agency, year).await?;
    report.findings = findings_before_filing(store, agency, year, &report, Some(&text), &peers).await?;
    let new = NewReportVersion {
        agency,
        year,
        origin: ReportOrigin::Read,
        source: Some(SourceFile { name: &name, bytes: &bytes }),
        published_on: None,
        summary: false,
        report: &report,
        text_sketch: Some(&text.sketch),
    };
    Ok(store.file_report(new, actor).await?)
}

// ---------------------------------------------------------------------------------------------
// Pages.

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/console/supervision", get(page))
        .route("/console/supervision/inbox", get(inbox))
        .route("/console/supervision/agencies", post(agency_add))
        .route("/console/supervision/agencies/{code}", get(agency_page).post(agency_save))
        .route("/console/supervision/inbox/{sha}/assign", post(assign))
        .route("/console/supervision/{agency}/{year}/export.xlsx", get(export_xlsx))
        .route("/console/supervision/{agency}/{year}/notice.docx", get(notice_docx))
        .route("/console/reports/{agency}/{year}/file", post(file_own))
}

/// The upload route, mounted with its own body limit (a folder of reports is larger than a form).
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/console/supervision/upload", post(upload))
}

/// The largest upload (a folder of reports in one request).
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// The node a 督查 (or an agency's staff) may look at: its own agency unless it names one it reads.
fn node_for(user: &CurrentUser, tree: &AgencyTree, agency: Option<&str>) -> Result<NodeId> {
    let not_found = || Error::NotFound("机构不存在或无权查看".into());
    let id = match agency.filter(|a| !a.is_empty()) {
        Some(a) => AgencyId::new(a).map_err(|_| not_found())?,
        None => user.agency.clone(),
    };
    if !user.may(Permission::Read, &id) {
        return Err(not_found());
    }
    let code = AgencyCode::parse(id.as_str()).map_err(|_| not_found())?;
    tree.id(&code).ok_or_else(not_found)
}

/// Only 督查 and administrators use supervision.
fn require_supervisor(user: &CurrentUser) -> Result<()> {
    if matches!(user.role, Role::Supervisor | Role::Admin) { Ok(()) } else { Err(Error::Forbidden) }
}

/// One agency's filed report of a year as supervision keeps it in memory: its figures laid out
/// for sums, and what the pages show of it (not the whole report with its evidence).
#[derive(Debug, Clone)]
pub struct NodeReport {
    pub dense: Dense,
    pub summary: bool,
    pub origin: ReportOrigin,
    pub published_on: Option<jiff::civil::Date>,
    pub source_errors: usize,
    pub reading: usize,
    /// Findings as people read them.
    pub findings: Vec<String>,
}

/// Every agency's current report of one year, by node of the tree it was loaded with.
#[derive(Debug)]
pub struct YearSnapshot {
    pub reports: Vec<Option<NodeReport>>,
}

/// The tree and the years asked for, kept while the registry generation stays the same: a
/// supervision page over 10⁴ agencies then sums vectors instead of parsing 10⁴ reports. Every
/// node checks the generation (one read) per request, so writes by any node are seen at once.
#[derive(Debug, Default)]
pub struct Cache {
    inner: std::sync::Mutex<Option<Arc<Generation>>>,
}

#[derive(Debug)]
struct Generation {
    value: i64,
    tree: Arc<AgencyTree>,
    years: std::sync::Mutex<BTreeMap<i32, Arc<YearSnapshot>>>,
}

/// How many years of snapshots one generation keeps (the trend shows five).
const YEARS_KEPT: usize = 12;

impl Cache {
    async fn generation(&self, store: &Store) -> Result<Arc<Generation>> {
        let value = store.registry_generation().await?;
        if let Some(g) = self.inner.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
            && g.value == value
        {
            return Ok(g.clone());
        }
        let tree = Arc::new(store.agency_tree().await?);
        let g = Arc::new(Generation { value, tree, years: Default::default() });
        *self.inner.lock().unwrap_or_else(|e| e.into_inner()) = Some(g.clone());
        Ok(g)
    }

    /// The tree, and the snapshots of `years`, as of now.
    async fn load(&self, store: &Store, years: std::ops::RangeInclusive<i32>) -> Result<Loaded> {
        let g = self.generation(store).await?;
        let mut snapshots = BTreeMap::new();
        for year in years {
            let cached = g.years.lock().unwrap_or_else(|e| e.into_inner()).get(&year).cloned();
            let snap = match cached {
                Some(s) => s,
                None => {
                    let current = store.current_reports(year).await?;
                    let tree = g.tree.clone();
                    let snap = tokio::task::spawn_blocking(move || Arc::new(snapshot(&tree, current)))
                        .await
                        .map_err(Error::internal)?;
                    let mut years = g.years.lock().unwrap_or_else(|e| e.into_inner());
                    if years.len() >= YEARS_KEPT {
                        years.clear();
                    }
                    years.insert(year, snap.clone());
                    snap
                }
            };
            snapshots.insert(year, snap);
        }
        Ok(Loaded { tree: g.tree.clone(), years: snapshots })
    }
}

fn snapshot(tree: &AgencyTree, current: BTreeMap<AgencyId, ReportVersion>) -> YearSnapshot {
    let mut reports: Vec<Option<NodeReport>> = vec![None; tree.len()];
    for (agency, v) in current {
        let Ok(code) = AgencyCode::parse(agency.as_str()) else { continue };
        let Some(id) = tree.id(&code) else { continue };
        let f = &v.report.findings;
        reports[id] = Some(NodeReport {
            dense: Dense::of(&v.report),
            summary: v.summary,
            origin: v.origin,
            published_on: v.published_on,
            source_errors: f.iter().filter(|f| f.origin == Origin::Source && f.severity == Severity::Error).count(),
            reading: f.iter().filter(|f| f.origin == Origin::Reading).count(),
            findings: f.iter().map(Finding::line).collect(),
        });
    }
    YearSnapshot { reports }
}

/// What one request works with.
struct Loaded {
    tree: Arc<AgencyTree>,
    years: BTreeMap<i32, Arc<YearSnapshot>>,
}

impl Loaded {
    fn rollup(&self, node: NodeId, year: i32) -> Rollup {
        let snap = &self.years[&year];
        rollup_prepared(
            &self.tree,
            node,
            year,
            |id| snap.reports[id].as_ref().map(|r| (&r.dense, r.summary)),
            // Summary reports are compared on their figures; evidence stays in the registry.
            |_| None,
        )
    }

    fn report(&self, id: NodeId, year: i32) -> Option<&NodeReport> {
        self.years[&year].reports[id].as_ref()
    }

    /// Whether the report of `id` was published after its Art. 49 date (when both are known).
    fn late(&self, id: NodeId, year: i32) -> Option<bool> {
        let due = self.tree.agency(id).report_due(i16::try_from(year).ok()?)?;
        Some(self.report(id, year)?.published_on? > due)
    }

    /// The 办理时效 of the answers given on this platform in the subtree of `id`, from
    /// `by_node` (the year's sums per agency, laid out by node).
    fn punctuality(&self, id: NodeId, by_node: &[Option<Punctuality>]) -> Punctuality {
        let mut sum = Punctuality::default();
        for i in self.tree.subtree(id) {
            if let Some(p) = &by_node[i] {
                sum.add(p);
            }
        }
        sum
    }

    /// The year's 办理时效 per agency laid out by node of the tree.
    fn punctuality_by_node(&self, per_agency: &BTreeMap<AgencyId, Punctuality>) -> Vec<Option<Punctuality>> {
        let mut out = vec![None; self.tree.len()];
        for (agency, p) in per_agency {
            if let Some(id) = AgencyCode::parse(agency.as_str()).ok().and_then(|c| self.tree.id(&c)) {
                out[id] = Some(*p);
            }
        }
        out
    }

    /// A row of the page: an agency with `sub`, the roll-up of its subtree, and `timing`, the
    /// 办理时效 of its subtree's answers on this platform.
    fn row(&self, id: NodeId, node: NodeId, year: i32, sub: &Rollup, timing: Punctuality) -> SupervisionRow {
        let a = self.tree.agency(id);
        let own = self.report(id, year);
        let ind = Indicators::of_values(&sub.values);
        let subtree = self.tree.subtree(id).len();
        let status = match (own, self.late(id, year)) {
            (None, _) => "本级未报送",
            (Some(_), Some(true)) => "逾期发布",
            (Some(r), _) => r.origin.label(),
        };
        let num = |n: Option<i64>| n.map_or(String::new(), |n| n.to_string());
        let (mut source_errors, mut reading) = (0, 0);
        for r in self.tree.subtree(id).filter_map(|i| self.report(i, year)) {
            source_errors += r.source_errors;
            reading += r.reading;
        }
        SupervisionRow {
            code: a.code.to_string(),
            name: a.name.clone(),
            level: a.level.map_or("", Level::label).to_string(),
            depth: self.tree.depth(id) - self.tree.depth(node),
            status: status.to_string(),
            missing: own.is_none(),
            coverage: if subtree > 1 { format!("{}/{}", sub.included.len(), subtree) } else { String::new() },
            applications: num(ind.applications),
            concluded: num(ind.concluded),
            disclosure_rate: ind.disclosure_rate.map_or(String::new(), |r| r.describe()),
            on_time_rate: timing.on_time_rate().map_or(String::new(), |r| r.describe()),
            average_days: timing.average_days().map_or(String::new(), |d| format!("{d:.1}")),
            source_errors,
            reading,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    agency: String,
    year: String,
    done: String,
}

fn year_of(state: &AppState, s: &str) -> i32 {
    s.parse::<i32>().ok().filter(|y| (2008..=9998).contains(y)).unwrap_or(i32::from(state.today().year()) - 1)
}

/// At most this many names of agencies without a report are listed on the page (the XLSX
/// has them all).
const MISSING_SHOWN: usize = 50;

async fn page(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> Result<SupervisionPage> {
    require_supervisor(&user)?;
    let year = year_of(&state, &q.year);
    let loaded = state.supervision.load(&state.store, (year - 4)..=year).await?;
    let tree = &loaded.tree;
    let node = node_for(&user, tree, Some(&q.agency))?;
    let r = loaded.rollup(node, year);
    let ind = Indicators::of_values(&r.values);
    let child_rollups: Vec<(NodeId, Rollup)> = tree.children(node).map(|c| (c, loaded.rollup(c, year))).collect();
    // Casework changes without the registry changing: read per request (one grouped query
    // over the year's answers, served by the index `applications_answered`).
    let by_node = loaded.punctuality_by_node(&state.store.punctuality(year).await?);
    let timing = loaded.punctuality(node, &by_node);
    let mut rows = vec![loaded.row(node, node, year, &r, timing)];
    rows.extend(child_rollups.iter().map(|(c, sub)| loaded.row(*c, node, year, sub, loaded.punctuality(*c, &by_node))));
    let children: Vec<(String, i64)> = child_rollups
        .iter()
        .map(|(c, sub)| (tree.agency(*c).name.clone(), Indicators::of_values(&sub.values).applications.unwrap_or(0)))
        .collect();
    let trend: Vec<(i32, Option<i64>, Option<i64>)> = ((year - 4)..=year)
        .map(|y| {
            let i = if y == year { ind.clone() } else { Indicators::of_values(&loaded.rollup(node, y).values) };
            (y, i.applications, i.concluded)
        })
        .collect();
    // 公开率 of the children ranked, only those with enough concluded applications.
    let ranking = gongkai_core::supervise::indicators::rank(
        child_rollups.iter().filter_map(|(c, sub)| {
            Some((tree.agency(*c).name.clone(), Indicators::of_values(&sub.values).disclosure_rate?))
        }),
        gongkai_core::supervise::indicators::MIN_SAMPLE,
    );
    let ranked: Vec<(usize, String, String)> =
        ranking.ranked.iter().enumerate().map(|(i, (name, r))| (i + 1, name.clone(), r.describe())).collect();
    let too_small: Vec<String> =
        ranking.too_small.iter().map(|(name, r)| format!("{name}（办结{}件）", r.whole)).collect();
    let outcomes = outcome_parts(&r.values);
    let findings = r.findings.iter().map(Finding::line).collect();
    let missing_count = r.missing.len();
    let missing: Vec<String> = r.missing.iter().take(MISSING_SHOWN).map(|&i| tree.agency(i).name.clone()).collect();
    let agencies = user
        .readable
        .iter()
        .filter_map(|a| {
            let code = AgencyCode::parse(a.as_str()).ok()?;
            let id = tree.id(&code)?;
            Some(Choice::new(a.as_str(), tree.agency(id).name.clone(), tree.agency(node).code.as_str()))
        })
        .take(500)
        .collect();
    let years = (2008..=i32::from(state.today().year()))
        .rev()
        .map(|y| Choice::new(y.to_string(), format!("{y}年"), &year.to_string()))
        .collect();
    Ok(SupervisionPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        code: tree.agency(node).code.to_string(),
        name: tree.agency(node).name.clone(),
        parent: tree
            .parent(node)
            .filter(|p| user.may(Permission::Read, &supervision::id_of(&tree.agency(*p).code)))
            .map(|p| (tree.agency(p).code.to_string(), tree.agency(p).name.clone())),
        year,
        agencies,
        years,
        included: r.included.len(),
        missing_count,
        missing,
        applications: ind.applications.map_or("—".into(), |n| n.to_string()),
        concluded: ind.concluded.map_or("—".into(), |n| n.to_string()),
        disclosure_rate: ind.disclosure_rate.map_or("—".into(), |r| r.describe()),
        review_rate: ind.review_correction_rate.map_or("—".into(), |r| r.describe()),
        suit_rate: ind.suit_correction_rate.map_or("—".into(), |r| r.describe()),
        on_time_rate: timing.on_time_rate().map_or("—（本平台无答复记录）".into(), |r| r.describe()),
        average_days: timing.describe_average(),
        methods: gongkai_core::supervise::indicators::METHODS.iter().map(|(_, m)| m.to_string()).collect(),
        ranked,
        too_small,
        min_sample: ranking.min_sample,
        outcome_chart: bar_chart("办理结果构成", &outcomes),
        outcomes: outcomes.into_iter().map(|(l, n)| (l, n.to_string())).collect(),
        children_chart: bar_chart("下级机构申请数", &children),
        children: children.into_iter().map(|(l, n)| (l, n.to_string())).collect(),
        trend_chart: bar_chart(
            "历年申请数",
            &trend.iter().map(|(y, a, _)| (format!("{y}年"), a.unwrap_or(0))).collect::<Vec<_>>(),
        ),
        trend: trend
            .iter()
            .map(|(y, a, c)| {
                (format!("{y}年"), a.map_or("—".into(), |n| n.to_string()), c.map_or("—".into(), |n| n.to_string()))
            })
            .collect(),
        rows,
        findings,
        done: q.done,
    })
}

/// Table 三's outcome groups of a report, for the make-up chart.
fn outcome_parts(r: &BTreeMap<String, gongkai_core::Figure>) -> Vec<(String, i64)> {
    use T3Row::*;
    let cell = |row: T3Row| r.get(&t3(row, T3Col::Total)).and_then(|f| f.as_count());
    let total = |rows: &[T3Row]| -> i64 { rows.iter().filter_map(|&row| cell(row)).sum() };
    // （六）: its own row when printed, else its three parts (2021).
    let other = cell(Other).unwrap_or_else(|| total(&[OtherNoCorrection, OtherNoFee, OtherOther]));
    // OUTCOMES in printed order: 予以公开, 部分公开, eight 不予公开, three 无法提供, five 不予处理, 其他.
    let rows = &T3Row::OUTCOMES;
    vec![
        ("予以公开".into(), total(&rows[0..1])),
        ("部分公开".into(), total(&rows[1..2])),
        ("不予公开".into(), total(&rows[2..10])),
        ("无法提供".into(), total(&rows[10..13])),
        ("不予处理".into(), total(&rows[13..18])),
        ("其他处理".into(), other),
    ]
}

/// A horizontal bar chart as inline SVG: labels, bars scaled to the largest value, the number
/// at the end of each bar; readable printed in black and white (the table beside it has the
/// same numbers).
pub fn bar_chart(title: &str, data: &[(String, i64)]) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let max = data.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let (label_w, bar_w, row_h) = (150.0, 300.0, 24.0);
    let height = row_h * data.len().max(1) as f64 + 10.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{t}" viewBox="0 0 {w} {height}" width="{w}" height="{height}"><title>{t}</title>"#,
        t = esc(title),
        w = label_w + bar_w + 60.0
    );
    for (i, (label, n)) in data.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let w = (*n as f64 / max * bar_w).max(if *n > 0 { 1.0 } else { 0.0 });
        svg.push_str(&format!(
            r##"<text x="{lx}" y="{ty}" text-anchor="end" font-size="13">{l}</text><rect x="{label_w}" y="{ry}" width="{w:.1}" height="16" fill="#3b6ea5" stroke="#1d3b5c"/><text x="{nx:.1}" y="{ty}" font-size="13">{n}</text>"##,
            lx = label_w - 6.0,
            ty = y + 13.0,
            ry = y + 1.0,
            l = esc(label),
            nx = label_w + w + 4.0,
        ));
    }
    svg.push_str("</svg>");
    svg
}

async fn inbox(State(state): State<AppState>, session: Session, user: CurrentUser) -> Result<SupervisionInboxPage> {
    require_supervisor(&user)?;
    let tree = state.store.agency_tree().await?;
    let entries = state.store.report_inbox().await?;
    let agencies: Vec<Choice> = user
        .readable
        .iter()
        .filter_map(|a| {
            let id = tree.id(&AgencyCode::parse(a.as_str()).ok()?)?;
            Some(Choice::new(a.as_str(), tree.agency(id).name.clone(), ""))
        })
        .collect();
    Ok(SupervisionInboxPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        entries: entries
            .into_iter()
            .map(|e| crate::views::InboxLine {
                short: e.sha256[..12].to_string(),
                sha: e.sha256,
                file_name: e.file_name,
                read_agency: e.read_agency.unwrap_or_else(|| "（未识别）".into()),
                year: e.read_year.map_or(String::new(), |y| y.to_string()),
                reason: e.reason,
            })
            .collect(),
        agencies,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AssignForm {
    csrf: String,
    agency: String,
    year: String,
}

async fn assign(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(sha): Path<String>,
    PageForm(form): PageForm<AssignForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    require_supervisor(&user)?;
    let agency = AgencyId::new(form.agency.trim()).map_err(|_| Error::BadRequest("请选择机构".into()))?;
    if !user.may(Permission::Read, &agency) {
        return Err(Error::Forbidden);
    }
    let year: i32 = form
        .year
        .trim()
        .parse()
        .ok()
        .filter(|y| (2008..=9998).contains(y))
        .ok_or_else(|| Error::BadRequest("年度应为2008至9998之间的四位数字".into()))?;
    assign_held(&state.store, &sha, &agency, year, &user.actor()).await?;
    Ok(Redirect::to("/console/supervision/inbox"))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct CsrfForm {
    csrf: String,
}

/// An agency on the platform files its compiled report of a year with the supervising office
/// (one action; a later filing makes a new version, the earlier stays).
async fn file_own(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(p): Path<NodeYear>,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    let not_found = || Error::NotFound("机构不存在或无权操作".into());
    let agency = AgencyId::new(&p.agency).map_err(|_| not_found())?;
    if !user.may(Permission::Read, &agency) {
        return Err(not_found());
    }
    user.require(Permission::Approve, &agency)?;
    let year: i16 = p.year.parse().map_err(|_| Error::BadRequest(format!("年度“{}”无效", p.year)))?;
    if year >= state.today().year() {
        return Err(Error::BadRequest(format!("{year}年尚未结束，不能报送该年度报告")));
    }
    let mut report = crate::service::compile(&state, &agency, year).await?;
    // The office's own prose (the figures' sentences are written from the records): compared
    // for 内容雷同 like a published file's; its sections are complete by construction.
    let narrative = state.store.report_narrative(&agency, i32::from(year)).await?.unwrap_or_default();
    let prose = [&narrative.preamble, &narrative.overview, &narrative.problems, &narrative.other_matters];
    let text = TextFacts {
        sketch: Fingerprint::of_prose(prose.iter().flat_map(|p| p.lines())).sketch(),
        completeness: Vec::new(),
    };
    let peers = peers_for(&state.store, &agency, i32::from(year)).await?;
    report.findings =
        findings_before_filing(&state.store, &agency, i32::from(year), &report, Some(&text), &peers).await?;
    let new = NewReportVersion {
        agency: &agency,
        year: i32::from(year),
        origin: ReportOrigin::Compiled,
        source: None,
        published_on: Some(state.today()),
        summary: false,
        report: &report,
        text_sketch: Some(&text.sketch),
    };
    let version = match state.store.file_report(new, &user.actor()).await? {
        Filing::Filed { version } | Filing::Unchanged { version } => version,
    };
    Ok(Redirect::to(&format!("/console/reports/{agency}/{year}?filed={version}")))
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    request: axum::extract::Request,
) -> Result<Redirect> {
    // The role is checked before the body is read.
    require_supervisor(&user)?;
    let upload = crate::files::read_upload(request, &state).await?;
    verify_csrf(&session, upload.field("csrf")).await?;
    let year = upload.field("year").trim().parse::<i32>().ok();
    let files: Vec<(String, Vec<u8>)> = upload
        .files
        .into_iter()
        .filter(|(_, bytes)| !bytes.is_empty())
        .map(|(name, bytes)| (if name.is_empty() { "未命名".to_string() } else { name }, bytes))
        .collect();
    if files.is_empty() {
        return Err(Error::BadRequest("请选择要上传的报告文件".into()));
    }
    // Reading is CPU work: off the async workers. ZIP archives are opened here.
    let read = tokio::task::spawn_blocking(move || {
        let extractor = Extractor::new();
        let mut out = Vec::new();
        for (name, bytes) in files {
            if name.to_ascii_lowercase().ends_with(".zip") {
                match unzip_documents(&name, &bytes) {
                    Ok(docs) => out.extend(docs.into_iter().map(|(n, b)| {
                        let report = read_document(&extractor, &n, &b);
                        (n, b, report)
                    })),
                    Err(why) => out.push((name, Vec::new(), Err(why))),
                }
            } else if InputKind::is_document_path(FsPath::new(&name)) {
                let report = read_document(&extractor, &name, &bytes);
                out.push((name, bytes, report));
            } else {
                // Said, not dropped: the upload's summary counts it among the unreadable.
                let ext = FsPath::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
                out.push((name, Vec::new(), Err(gongkai_extract::Error::UnsupportedType(ext).message_zh())));
            }
        }
        out
    })
    .await
    .map_err(Error::internal)?;
    let collector = Collector::load(&state.store, year, user.actor()).await?;
    let (mut filed, mut unchanged, mut held, mut failed) = (0, 0, 0, 0);
    // The files that could not be read, named with the reason (the first few: the summary
    // travels in the redirect's query).
    let mut unreadable: Vec<String> = Vec::new();
    for (name, bytes, report) in read {
        let outcome = match report {
            Ok(report) => collector.file(&name, &bytes, report).await?,
            Err(why) => Collected::Failed(why),
        };
        match outcome {
            Collected::Filed { .. } => filed += 1,
            Collected::Unchanged => unchanged += 1,
            Collected::Held(_) => held += 1,
            Collected::Failed(why) => {
                tracing::info!(file = %name.escape_debug(), reason = %why, "uploaded report not readable");
                failed += 1;
                if unreadable.len() < 5 {
                    let short: String = name.rsplit('/').next().unwrap_or(&name).chars().take(60).collect();
                    unreadable.push(format!("{short}：{}", why.chars().take(80).collect::<String>()));
                }
            }
        }
    }
    let mut done = format!("归档{filed}份，未变{unchanged}份，待分配{held}份，无法读取{failed}份");
    if !unreadable.is_empty() {
        let more = if failed > unreadable.len() { "等" } else { "" };
        done.push_str(&format!("（{}{more}）", unreadable.join("；")));
    }
    let query = serde_urlencoded::to_string([("done", done.as_str())]).unwrap_or_default();
    Ok(Redirect::to(&format!("/console/supervision?{query}")))
}

#[derive(Debug, Deserialize)]
struct NodeYear {
    agency: String,
    year: String,
}

async fn load_for(state: &AppState, user: &CurrentUser, p: &NodeYear) -> Result<(Loaded, NodeId, i32)> {
    require_supervisor(user)?;
    let year: i32 = p.year.parse().map_err(|_| Error::NotFound(format!("年度“{}”无效", p.year)))?;
    let loaded = state.supervision.load(&state.store, year..=year).await?;
    let node = node_for(user, &loaded.tree, Some(&p.agency))?;
    Ok((loaded, node, year))
}

async fn export_xlsx(State(state): State<AppState>, user: CurrentUser, Path(p): Path<NodeYear>) -> Result<Response> {
    let (loaded, node, year) = load_for(&state, &user, &p).await?;
    let name = format!("{}-{year}.xlsx", loaded.tree.agency(node).code);
    let timing = loaded.punctuality_by_node(&state.store.punctuality(year).await?);
    let bytes = tokio::task::spawn_blocking(move || subtree_xlsx_of(&loaded, node, year, &timing))
        .await
        .map_err(Error::internal)??;
    Ok(download(bytes, &name, XLSX))
}

/// The XLSX of the subtree of `code` for `year` (one row per agency: its figures, findings and
/// 办理时效), as the supervision page exports it; for the command line, which has no cache.
pub async fn subtree_xlsx(store: &Store, code: &AgencyCode, year: i32) -> Result<(Vec<u8>, usize)> {
    let loaded = Cache::default().load(store, year..=year).await?;
    let node = loaded.tree.id(code).ok_or_else(|| Error::NotFound(format!("机构“{code}”不存在")))?;
    let timing = loaded.punctuality_by_node(&store.punctuality(year).await?);
    let rows = loaded.tree.subtree(node).count();
    Ok((subtree_xlsx_of(&loaded, node, year, &timing)?, rows))
}

fn subtree_xlsx_of(loaded: &Loaded, node: NodeId, year: i32, timing: &[Option<Punctuality>]) -> Result<Vec<u8>> {
    let tree = &loaded.tree;
    let values: Vec<Option<BTreeMap<String, gongkai_core::Figure>>> =
        tree.subtree(node).map(|id| loaded.report(id, year).map(|r| r.dense.to_values())).collect();
    let rows: Vec<gongkai_render::SubtreeRow> = tree
        .subtree(node)
        .zip(&values)
        .map(|(id, v)| {
            let a = tree.agency(id);
            let r = loaded.report(id, year);
            gongkai_render::SubtreeRow {
                code: a.code.as_str(),
                name: &a.name,
                level: a.level.map_or("", Level::label),
                year,
                origin: r.map_or("未报送", |x| x.origin.label()),
                values: v.as_ref(),
                findings: r.map_or(&[][..], |x| &x.findings),
                punctuality: timing[id],
            }
        })
        .collect();
    gongkai_render::subtree_xlsx(&rows).map_err(Error::internal)
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn download(bytes: Vec<u8>, file: &str, mime: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        bytes,
    )
        .into_response()
}

async fn notice_docx(State(state): State<AppState>, user: CurrentUser, Path(p): Path<NodeYear>) -> Result<Response> {
    let (loaded, node, year) = load_for(&state, &user, &p).await?;
    let tree = &loaded.tree;
    let mut entries = Vec::new();
    let mut errors_of = Vec::new();
    for id in tree.subtree(node) {
        let a = tree.agency(id);
        let mut lines = Vec::new();
        match loaded.report(id, year) {
            None => lines.push(format!("未报送{year}年度政府信息公开工作年度报告。")),
            Some(r) => {
                if loaded.late(id, year) == Some(true) {
                    let due = a.report_due(year as i16).map(gongkai_render::letter::date_zh).unwrap_or_default();
                    let on = r.published_on.map(gongkai_render::letter::date_zh).unwrap_or_default();
                    lines.push(format!("年度报告于{on}发布，晚于《条例》第四十九条规定的{due}。"));
                }
                if r.source_errors > 0 {
                    errors_of.push((entries.len(), id));
                }
            }
        }
        entries.push(gongkai_render::NoticeEntry { agency: a.name.clone(), lines });
    }
    // The source errors with their evidence, from the registry (the cache keeps no evidence).
    let agency_ids: Vec<(usize, AgencyId)> =
        errors_of.iter().map(|&(e, id)| (e, supervision::id_of(&tree.agency(id).code))).collect();
    for (entry, agency) in agency_ids {
        if let Some(v) = state.store.current_version(&agency, year).await? {
            for f in v.report.findings.iter().filter(|f| f.origin == Origin::Source && f.severity == Severity::Error) {
                let at: Vec<String> = f.evidence.iter().map(|e| e.describe()).filter(|s| !s.is_empty()).collect();
                let at = if at.is_empty() { String::new() } else { format!("（见{}）", at.join("、")) };
                entries[entry].lines.push(format!("{}{at}", f.message));
            }
        }
    }
    entries.retain(|e| !e.lines.is_empty());
    let title = format!("关于{}{year}年度政府信息公开工作年度报告情况的通报（草稿）", tree.agency(node).name);
    let bytes = gongkai_render::notice_docx(&title, &entries);
    Ok(download(bytes, &format!("{}-{year}-tongbao.docx", tree.agency(node).code), DOCX))
}

// ---------------------------------------------------------------------------------------------
// JSON API.

/// The roll-up of a subtree for a year, as the API answers it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RollupOut {
    pub agency: String,
    pub name: String,
    pub year: i32,
    /// Σ of every additive key over the reports filed (gongkai-report/1 keys).
    #[schema(value_type = Object)]
    pub values: serde_json::Value,
    pub included: Vec<String>,
    pub missing: Vec<String>,
    #[schema(value_type = Object)]
    pub indicators: serde_json::Value,
    /// 办理时效 of the subtree's answers given on this platform: `answered`, `on_time`,
    /// `working_days` (their sum).
    #[schema(value_type = Object)]
    pub timeliness: serde_json::Value,
    pub findings: Vec<String>,
}

/// The roll-up (汇总) of an agency's subtree for a year: sums, missing agencies, indicators and
/// findings (督查 and administrators; the agency must be readable).
#[utoipa::path(get, path = "/api/v1/staff/supervision/{agency}/{year}", tag = "staff", security(("bearer" = [])),
    params(("agency" = String, Path), ("year" = i32, Path)),
    responses((status = 200, body = RollupOut), (status = 404, body = crate::error::ErrorBody)))]
pub async fn rollup_api(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path((agency, year)): Path<(String, String)>,
) -> ApiResult<Json<RollupOut>> {
    let (loaded, node, year) = load_for(&state, &user, &NodeYear { agency, year }).await?;
    let r = loaded.rollup(node, year);
    let timing = loaded.punctuality(node, &loaded.punctuality_by_node(&state.store.punctuality(year).await?));
    let tree = &loaded.tree;
    let codes = |ids: &[NodeId]| ids.iter().map(|&i| tree.agency(i).code.to_string()).collect();
    Ok(Json(RollupOut {
        agency: tree.agency(node).code.to_string(),
        name: tree.agency(node).name.clone(),
        year,
        values: serde_json::to_value(&r.values).unwrap_or_default(),
        included: codes(&r.included),
        missing: codes(&r.missing),
        indicators: serde_json::to_value(Indicators::of_values(&r.values)).unwrap_or_default(),
        timeliness: serde_json::to_value(timing).unwrap_or_default(),
        findings: r.findings.iter().map(Finding::line).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn archives_give_their_documents_and_bombs_and_damage_are_refused() {
        let ok = zip_of(&[
            ("a/报告.txt", "甲县2023年政府信息公开工作年度报告".as_bytes()),
            ("readme.exe", b"MZ"),
            // Attachments as sites keep them: Word 97 and a page saved as one file.
            ("b/附件1.doc", b"\xD0\xCF\x11\xE0"),
            ("b/网页.mht", b"MIME-Version: 1.0"),
            ("b/附表.xlsx", b"PK\x03\x04"),
        ]);
        let docs = unzip_documents("up.zip", &ok).unwrap();
        let names: Vec<&str> = docs.iter().map(|d| d.0.as_str()).collect();
        assert_eq!(names, ["up.zip!a/报告.txt", "up.zip!b/附件1.doc", "up.zip!b/网页.mht", "up.zip!b/附表.xlsx"]);
        // A megabyte of zeros packs ~1000:1: refused as a bomb.
        let bomb = zip_of(&[("big.txt", &vec![0u8; 1 << 20])]);
        assert!(unzip_documents("bomb.zip", &bomb).unwrap_err().contains("解压后过大"));
        assert!(unzip_documents("bad.zip", b"PK\x03\x04 not a zip").unwrap_err().contains("ZIP 文件已损坏"));
    }

    #[test]
    fn charts_escape_labels_and_scale_to_the_largest() {
        let svg = bar_chart("图<1>", &[("甲&乙".into(), 10), ("丙".into(), 5), ("丁".into(), 0)]);
        assert!(svg.contains("图&lt;1&gt;") && svg.contains("甲&amp;乙"));
        assert!(svg.contains(r#"width="300.0""#) && svg.contains(r#"width="150.0""#) && svg.contains(r#"width="0.0""#));
        assert!(!svg.contains("<script"));
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AgencyQuery {
    done: String,
    error: String,
}

/// The agency `code` of this 督查's subtree, or 404.
fn subtree_agency<'t>(
    user: &CurrentUser,
    tree: &'t AgencyTree,
    code: &str,
) -> Result<&'t gongkai_core::supervise::Agency> {
    let not_found = || Error::NotFound("机构不存在或无权查看".into());
    let id = AgencyId::new(code).map_err(|_| not_found())?;
    if !user.readable.contains(&id) {
        return Err(not_found());
    }
    let code = AgencyCode::parse(code).map_err(|_| not_found())?;
    Ok(tree.agency(tree.id(&code).ok_or_else(not_found)?))
}

/// An agency of the subtree as its edit form shows it (issue 15: the tree edited in the console).
async fn agency_page(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(code): Path<String>,
    Query(q): Query<AgencyQuery>,
) -> Result<crate::views::AgencyEditPage> {
    require_supervisor(&user)?;
    let tree = state.store.agency_tree().await?;
    let a = subtree_agency(&user, &tree, &code)?;
    let node = tree.id(&a.code).expect("found above");
    let below: std::collections::HashSet<NodeId> = tree.subtree(node).collect();
    let level = a.level.map_or("", |l| l.code());
    let mut levels = vec![Choice::new("", "未说明", level)];
    levels.extend(Level::ALL.iter().map(|l| Choice::new(l.code(), l.label(), level)));
    let kinds = [
        gongkai_core::supervise::AgencyKind::Government,
        gongkai_core::supervise::AgencyKind::Department,
        gongkai_core::supervise::AgencyKind::Other,
    ]
    .iter()
    .map(|k| Choice::new(k.code(), k.label(), a.kind.code()))
    .collect();
    let parent = a.parent.as_ref().map_or("", |p| p.as_str());
    let may_move = a.code.as_str() != user.agency.as_str();
    let mut parents: Vec<Choice> = Vec::new();
    if !may_move {
        // Its own agency: shown where it hangs, not movable.
        let label = a
            .parent
            .as_ref()
            .and_then(|p| tree.id(p))
            .map_or("（顶层）".to_string(), |p| tree.agency(p).name.clone());
        parents.push(Choice::new(parent, label, parent));
    } else {
        for r in &user.readable {
            let Some(id) = AgencyCode::parse(r.as_str()).ok().and_then(|c| tree.id(&c)) else { continue };
            if !below.contains(&id) {
                parents.push(Choice::new(r.as_str(), tree.agency(id).name.clone(), parent));
            }
        }
    }
    Ok(crate::views::AgencyEditPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        code: a.code.as_str().to_string(),
        name: a.name.clone(),
        short_names: a.short_names.join("，"),
        levels,
        kinds,
        parents,
        may_move,
        message: match q.done.as_str() {
            "saved" => Some("已保存".to_string()),
            "added" => Some("已新增下级机构".to_string()),
            _ => None,
        },
        error: (!q.error.is_empty()).then(|| q.error.chars().take(500).collect()),
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct AgencyForm {
    csrf: String,
    code: String,
    name: String,
    short_names: String,
    level: String,
    kind: String,
    parent: String,
}

impl AgencyForm {
    /// The agency the form describes, or why not.
    fn agency(&self) -> std::result::Result<gongkai_core::supervise::Agency, String> {
        let code = AgencyCode::parse(self.code.trim()).map_err(|e| format!("机构代码有误：{e}"))?;
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err("请填写机构全称（不超过200个字符）".into());
        }
        let kind = gongkai_core::supervise::AgencyKind::parse(self.kind.trim()).ok_or("请选择机构类型")?;
        let level = match self.level.trim() {
            "" => None,
            l => Some(Level::parse(l).ok_or("层级有误")?),
        };
        let parent = match self.parent.trim() {
            "" => None,
            p => Some(AgencyCode::parse(p).map_err(|e| format!("上级机构有误：{e}"))?),
        };
        let short_names = self
            .short_names
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        Ok(gongkai_core::supervise::Agency { code, name: name.to_string(), short_names, level, kind, parent })
    }
}

/// Saves one agency through the all-or-nothing tree import (cycles and unknown parents are
/// refused there); the new parent must be in this 督查's subtree, and its own agency stays put.
async fn save_agency(
    state: &AppState,
    user: &CurrentUser,
    form: &AgencyForm,
    back: &str,
    done: &str,
) -> Result<Redirect> {
    let refused = |m: String| {
        let q = serde_urlencoded::to_string([("error", m)]).unwrap_or_default();
        Ok(Redirect::to(&format!("{back}?{q}")))
    };
    let agency = match form.agency() {
        Ok(a) => a,
        Err(m) => return refused(m),
    };
    let parent_ok =
        agency.parent.as_ref().is_some_and(|p| AgencyId::new(p.as_str()).is_ok_and(|p| user.readable.contains(&p)));
    let own = agency.code.as_str() == user.agency.as_str();
    if own {
        // Its own agency keeps its place in the tree.
        let tree = state.store.agency_tree().await?;
        let stored = subtree_agency(user, &tree, agency.code.as_str())?;
        if stored.parent != agency.parent {
            return refused("本机构的上级机构不能在此修改".into());
        }
    } else if !parent_ok {
        return refused("上级机构应在本督查机构管辖范围内".into());
    }
    match state.store.import_agencies(vec![agency], &user.actor()).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}?done={done}"))),
        Err(gongkai_store::supervision::ImportError::Rows(errors)) => {
            refused(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("；"))
        }
        Err(gongkai_store::supervision::ImportError::Store(e)) => Err(e.into()),
    }
}

async fn agency_save(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(code): Path<String>,
    PageForm(mut form): PageForm<AgencyForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    require_supervisor(&user)?;
    let tree = state.store.agency_tree().await?;
    let a = subtree_agency(&user, &tree, &code)?;
    form.code = a.code.as_str().to_string();
    if a.code.as_str() == user.agency.as_str() {
        form.parent = a.parent.as_ref().map_or(String::new(), |p| p.as_str().to_string());
    }
    save_agency(&state, &user, &form, &format!("/console/supervision/agencies/{code}"), "saved").await
}

async fn agency_add(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<AgencyForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    require_supervisor(&user)?;
    let tree = state.store.agency_tree().await?;
    let parent = subtree_agency(&user, &tree, form.parent.trim())?;
    let back = format!("/console/supervision/agencies/{}", parent.code.as_str());
    if let Ok(code) = AgencyCode::parse(form.code.trim())
        && tree.id(&code).is_some()
    {
        return Ok(Redirect::to(&format!(
            "{back}?{}",
            serde_urlencoded::to_string([("error", format!("机构代码“{}”已存在", code.as_str()))]).unwrap_or_default()
        )));
    }
    save_agency(&state, &user, &form, &back, "added").await
}
