//! The tantivy index of published items: schema, documents built from store items, writes
//! (upsert, delete, commit with the outbox cursor as payload) and the search itself (query,
//! filters, facets, highlighting, pagination).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::Instant;

use gongkai_core::publish::{Disclosure, DocKind, Topic};
use gongkai_store::{Item, ItemId};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analyzer::{Analyzer, ChineseTokenizer, HighlightTokenizer};
use crate::large;
use crate::parts;
use crate::query::{self, Fields, PhrasePlan, Reading};
use crate::{Error, Result};

/// Bump when the schema or the analysis changes: an index of another version is rebuilt.
const SCHEMA_VERSION: u32 = 5;
/// At most this many threads search the segments of one query in parallel.
const MAX_SEARCH_THREADS: usize = 8;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Schemaf {
    pub id: Field,
    pub index_no: Field,
    pub title: Field,
    pub body: Field,
    pub doc_number: Field,
    pub agency: Field,
    pub agency_name: Field,
    pub issuer: Field,
    pub published: Field,
    pub topic: Field,
    pub kind: Field,
    pub validity: Field,
    pub agency_f: Field,
    pub year_f: Field,
    pub topic_f: Field,
    pub validity_f: Field,
}

fn schema() -> (Schema, Schemaf) {
    let mut b = Schema::builder();
    let zh = |stored: bool| {
        let idx =
            TextFieldIndexing::default().set_tokenizer("zh").set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let o = TextOptions::default().set_indexing_options(idx);
        if stored { o.set_stored() } else { o }
    };
    let exact = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("exact").set_index_option(IndexRecordOption::Basic),
        )
        .set_stored();
    let f = Schemaf {
        id: b.add_u64_field("id", INDEXED | FAST | STORED),
        index_no: b.add_text_field("index_no", exact),
        title: b.add_text_field("title", zh(true)),
        body: b.add_text_field("body", zh(true)),
        doc_number: b.add_text_field("doc_number", zh(true)),
        agency: b.add_text_field("agency", STRING | STORED),
        agency_name: b.add_text_field("agency_name", STORED),
        issuer: b.add_text_field("issuer", STORED),
        published: b.add_u64_field("published", FAST | STORED),
        topic: b.add_text_field("topic", STORED),
        kind: b.add_text_field("kind", STORED),
        validity: b.add_text_field("validity", STORED),
        agency_f: b.add_facet_field("agency_f", FacetOptions::default()),
        year_f: b.add_facet_field("year_f", FacetOptions::default()),
        topic_f: b.add_facet_field("topic_f", FacetOptions::default()),
        validity_f: b.add_facet_field("validity_f", FacetOptions::default()),
    };
    (b.build(), f)
}

/// What is indexed of one published item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexDoc {
    pub id: ItemId,
    pub index_no: String,
    pub title: String,
    /// Plain text; empty for items not proactively disclosed (only their metadata is public).
    pub body: String,
    pub doc_number: Option<String>,
    pub agency: String,
    pub agency_name: String,
    pub issuer: String,
    /// 发布日期 as `YYYY-MM-DD`.
    pub published_on: String,
    pub topic: Topic,
    pub kind: DocKind,
    /// `effective` / `expired` / `abolished`, for rules and normative documents.
    pub validity: Option<String>,
}

impl IndexDoc {
    /// The document of a published item, or `None` when the item is not (or no longer) public.
    pub fn from_item(item: &Item, agency_name: &str) -> Option<IndexDoc> {
        let published = item.workflow.published_on?;
        if item.workflow.status != gongkai_core::publish::Status::Published {
            return None;
        }
        let f = &item.fields;
        Some(IndexDoc {
            id: item.id,
            index_no: item.index_no.clone(),
            title: f.title.clone(),
            body: if f.disclosure == Disclosure::Proactive { item.body_text.clone() } else { String::new() },
            doc_number: f.doc_number.clone(),
            agency: item.agency.as_str().to_string(),
            agency_name: agency_name.to_string(),
            issuer: f.issuer.clone(),
            published_on: published.to_string(),
            topic: f.topic,
            kind: f.kind,
            validity: f.validity.map(|v| v.code().to_string()),
        })
    }
}

/// Validity as a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityState {
    Effective,
    Expired,
    Abolished,
}

impl ValidityState {
    pub fn code(self) -> &'static str {
        match self {
            ValidityState::Effective => "effective",
            ValidityState::Expired => "expired",
            ValidityState::Abolished => "abolished",
        }
    }
    pub fn label_of(code: &str) -> &'static str {
        match code {
            "effective" => "有效",
            "expired" => "失效",
            "abolished" => "废止",
            _ => "",
        }
    }
    pub fn parse(s: &str) -> Option<ValidityState> {
        match s.trim() {
            "effective" | "有效" => Some(ValidityState::Effective),
            "expired" | "失效" => Some(ValidityState::Expired),
            "abolished" | "废止" => Some(ValidityState::Abolished),
            _ => None,
        }
    }
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (BM25; titles weigh more). An empty query sorts by date.
    #[default]
    Relevance,
    /// Newest 发布日期 first.
    Newest,
}

/// A search as the portal, the API and the command line ask it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// The query: words (all must match), "quoted phrases", field:value (标题:, 文号:, 索引号:,
    /// 正文:), -excluded words. Empty: everything, newest first.
    pub q: String,
    pub agency: Option<String>,
    pub year: Option<i16>,
    pub topic: Option<Topic>,
    pub validity: Option<ValidityState>,
    /// 1-based.
    pub page: u32,
    /// 1–100 (default 10).
    pub per_page: u32,
    pub sort: Sort,
    /// Count facets (agency, year, topic, validity) over all matches.
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            agency: None,
            year: None,
            topic: None,
            validity: None,
            page: 1,
            per_page: 10,
            sort: Sort::Relevance,
            facets: true,
        }
    }
}

/// One hit. `*_html` fields are escaped HTML with matches in `<em>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: ItemId,
    pub index_no: String,
    pub title: String,
    pub title_html: String,
    pub snippet_html: String,
    pub doc_number: Option<String>,
    pub agency: String,
    pub agency_name: String,
    pub issuer: String,
    pub published_on: String,
    pub topic: String,
    pub kind: String,
    pub validity: Option<String>,
    pub score: f32,
}

/// One facet value with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Facets {
    pub agency: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    pub topic: Vec<FacetCount>,
    pub validity: Vec<FacetCount>,
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub q: String,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub pages: u64,
    pub hits: Vec<Hit>,
    pub facets: Option<Facets>,
    /// Nothing held a clause as typed, so these hits hold its words anywhere (每个词语都出现,
    /// 但不一定相连).
    pub relaxed: bool,
    /// `false` when `total` (and so `pages`) and the facet counts are estimates: a phrase held by
    /// a large part of the index is counted on an even sample of the items that could hold it
    /// (the hits themselves are exact). Shown as 约.
    pub total_exact: bool,
    pub took_ms: f64,
}

/// The index: one per node, in a folder or in memory.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Schemaf,
    analyzer: Analyzer,
    writer: Mutex<Option<IndexWriter>>,
    writer_heap: usize,
    /// When phrases held by many items are counted on a sample, and how searches are cut.
    tuning: large::Tuning,
    /// Agency code → name, for facet labels: looked up once per agency, not per search.
    agency_names: RwLock<HashMap<String, String>>,
    /// The outbox row this handle has applied: read from the folder when opened, then only
    /// advanced by this handle's own commits. A cursor another process (the CLI, another node
    /// sharing the folder) later writes there is not trusted: this handle's reader and writer
    /// may not reflect it, so the outbox is replayed from here (replays are idempotent).
    applied: AtomicI64,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

/// The commit payload: the schema version and the last outbox row applied.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    outbox_seq: i64,
}

impl SearchIndex {
    /// An index in memory (tests, one-off tools).
    pub fn in_ram() -> Result<SearchIndex> {
        let (schema, _) = schema();
        SearchIndex::with_index(Index::create_in_ram(schema), 1)
    }

    /// Opens the index in `dir`, creating it, or rebuilding it empty when it was made by
    /// another version (the caller then reindexes: its cursor is 0).
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_SEARCH_THREADS);
        SearchIndex::open_with_search_threads(dir, cores)
    }

    /// [`SearchIndex::open`] with `threads` searching the segments of a query in parallel
    /// (1: in the calling thread; benchmarks compare the two).
    pub fn open_with_search_threads(dir: &Path, threads: usize) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
        let (schema, _) = schema();
        let open = || -> Result<Index> {
            let d = MmapDirectory::open(dir)?;
            Ok(Index::open_or_create(d, schema.clone())?)
        };
        let index = match open() {
            Ok(index)
                if read_payload(&index).schema == SCHEMA_VERSION || index.searchable_segment_ids()?.is_empty() =>
            {
                index
            }
            other => {
                if let Err(e) = &other {
                    tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable; rebuilding");
                } else {
                    tracing::warn!(dir = %dir.display(), "search index of another version; rebuilding");
                }
                drop(other);
                std::fs::remove_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
                std::fs::create_dir_all(dir).map_err(|e| Error::Io(dir.display().to_string(), e))?;
                open()?
            }
        };
        SearchIndex::with_index(index, threads)
    }

    fn with_index(mut index: Index, threads: usize) -> Result<SearchIndex> {
        // Segments are searched in parallel, one thread per core: a single broad or phrase query
        // then takes about 1/cores of the time (the index of a large site has several segments).
        if threads > 1 {
            index.set_multithread_executor(threads.min(MAX_SEARCH_THREADS))?;
        }
        let analyzer = Analyzer::shared();
        index.tokenizers().register("zh", TextAnalyzer::builder(ChineseTokenizer::new(analyzer.clone())).build());
        index.tokenizers().register("exact", TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let (_, fields) = schema();
        let applied = AtomicI64::new(read_payload(&index).outbox_seq);
        Ok(SearchIndex {
            applied,
            index,
            reader,
            fields,
            analyzer,
            writer: Mutex::new(None),
            writer_heap: 64 << 20,
            tuning: large::Tuning::default(),
            agency_names: RwLock::new(HashMap::new()),
        })
    }

    /// Uses a larger indexing buffer (bulk loads).
    pub fn with_writer_heap(mut self, bytes: usize) -> SearchIndex {
        self.writer_heap = bytes.max(15 << 20);
        self
    }

    /// Counts a phrase exactly up to `candidates` items that could hold it, and estimates the
    /// count above (the default is 100,000; `u64::MAX` counts every result set exactly, at the
    /// cost of reading positions in every candidate).
    pub fn with_estimates_above(mut self, candidates: u64) -> SearchIndex {
        self.tuning.large_from = candidates;
        self
    }

    /// The outbox sequence number this handle has applied up to (see `applied`).
    pub fn cursor(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    /// Makes commits of other processes to the folder searchable here (the reader reloads only
    /// on request).
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// How many documents are searchable.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn with_writer<T>(&self, f: impl FnOnce(&mut IndexWriter) -> Result<T>) -> Result<T> {
        let mut guard = self.writer.lock().map_err(|_| Error::Poisoned)?;
        if guard.is_none() {
            *guard = Some(self.index.writer(self.writer_heap).map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => Error::Locked,
                e => Error::Tantivy(e),
            })?);
        }
        f(guard.as_mut().expect("writer just set"))
    }

    /// Adds or replaces documents, and removes the items in `removed` (not committed yet).
    pub fn apply(&self, docs: &[IndexDoc], removed: &[ItemId]) -> Result<()> {
        let f = self.fields;
        self.with_writer(|w| {
            for id in removed.iter().copied().chain(docs.iter().map(|d| d.id)) {
                w.delete_term(Term::from_field_u64(f.id, id.0 as u64));
            }
            for d in docs {
                w.add_document(self.document(d))?;
            }
            Ok(())
        })?;
        let mut names = self.agency_names.write().unwrap_or_else(|e| e.into_inner());
        for d in docs {
            if names.get(&d.agency) != Some(&d.agency_name) {
                names.insert(d.agency.clone(), d.agency_name.clone());
            }
        }
        Ok(())
    }

    /// Removes every document (not committed yet).
    pub fn clear(&self) -> Result<()> {
        self.with_writer(|w| {
            w.delete_all_documents()?;
            Ok(())
        })
    }

    /// Commits what was applied, recording `outbox_seq` as applied, and makes it searchable.
    pub fn commit(&self, outbox_seq: i64) -> Result<()> {
        let payload = serde_json::to_string(&Payload { schema: SCHEMA_VERSION, outbox_seq }).expect("payload");
        self.with_writer(|w| {
            let mut prepared = w.prepare_commit()?;
            prepared.set_payload(&payload);
            prepared.commit()?;
            Ok(())
        })?;
        self.applied.store(outbox_seq, Ordering::Release);
        self.reader.reload()?;
        Ok(())
    }

    /// Waits for background merges and releases the writer (and its lock on the folder).
    pub fn close_writer(&self) -> Result<()> {
        let mut guard = self.writer.lock().map_err(|_| Error::Poisoned)?;
        if let Some(w) = guard.take() {
            w.wait_merging_threads()?;
        }
        Ok(())
    }

    fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, d.id.0 as u64);
        doc.add_text(f.index_no, &d.index_no);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        if let Some(n) = &d.doc_number {
            doc.add_text(f.doc_number, n);
        }
        doc.add_text(f.agency, &d.agency);
        doc.add_text(f.agency_name, &d.agency_name);
        doc.add_text(f.issuer, &d.issuer);
        doc.add_u64(f.published, date_key(&d.published_on));
        doc.add_text(f.topic, d.topic.code());
        doc.add_text(f.kind, d.kind.code());
        if let Some(v) = &d.validity {
            doc.add_text(f.validity, v);
            doc.add_facet(f.validity_f, Facet::from_path([v.as_str()]));
        }
        doc.add_facet(f.agency_f, Facet::from_path([d.agency.as_str()]));
        doc.add_facet(f.year_f, Facet::from_path([d.published_on.get(..4).unwrap_or("0000")]));
        doc.add_facet(f.topic_f, Facet::from_path([d.topic.code()]));
        doc
    }

    /// Runs a search. A clause is read as typed (its characters in a row, see
    /// [`query::Reading`]); when nothing matches that way and a clause has several words, the
    /// search runs again with each word anywhere, and the results say so (`relaxed`).
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let f = self.fields;
        let fields = Fields { title: f.title, body: f.body, doc_number: f.doc_number, index_no: f.index_no };
        let parsed = query::parse(&req.q, &self.analyzer, fields, Reading::Literal);
        let relaxable = parsed.relaxable;
        let mut results = self.run(req, parsed.query, parsed.phrase.as_ref(), started)?;
        if results.total == 0 && relaxable {
            let parsed = query::parse(&req.q, &self.analyzer, fields, Reading::AllWords);
            results = self.run(req, parsed.query, parsed.phrase.as_ref(), started)?;
            results.relaxed = true;
        }
        Ok(results)
    }

    fn run(
        &self,
        req: &SearchRequest,
        text_query: Option<Box<dyn Query>>,
        phrase: Option<&PhrasePlan>,
        started: Instant,
    ) -> Result<SearchResults> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let has_text = text_query.is_some();
        let facet_term = |field: Field, value: &str| -> Box<dyn Query> {
            // A filter: matches or not, adds nothing to the score.
            let term = TermQuery::new(Term::from_facet(field, &Facet::from_path([value])), IndexRecordOption::Basic);
            Box::new(ConstScoreQuery::new(Box::new(term), 0.0))
        };
        if let Some(a) = &req.agency {
            filters.push((Occur::Must, facet_term(f.agency_f, a)));
        }
        if let Some(y) = req.year {
            filters.push((Occur::Must, facet_term(f.year_f, &format!("{y:04}"))));
        }
        if let Some(t) = req.topic {
            filters.push((Occur::Must, facet_term(f.topic_f, t.code())));
        }
        if let Some(v) = req.validity {
            filters.push((Occur::Must, facet_term(f.validity_f, v.code())));
        }
        let per_page = req.per_page.clamp(1, 100);
        let page = req.page.max(1);
        let offset = ((page - 1) * per_page) as usize;
        let by_date = req.sort == Sort::Newest || !has_text;
        let facet = |name: &str| {
            let mut c = FacetCollector::for_field(name);
            c.add_facet("/");
            c
        };
        let facet_collectors = || (facet("agency_f"), facet("year_f"), facet("topic_f"), facet("validity_f"));
        let finish = |addresses: &[(f32, DocAddress)], total: u64, exact: bool, facets: Option<Facets>| {
            Ok::<_, Error>(SearchResults {
                q: req.q.clone(),
                total,
                page,
                per_page,
                pages: total.div_ceil(u64::from(per_page)),
                hits: self.hits(&searcher, text_query.as_deref().unwrap_or(&AllQuery), addresses)?,
                facets,
                relaxed: false,
                total_exact: exact,
                took_ms: started.elapsed().as_secs_f64() * 1000.0,
            })
        };
        if let Some(plan) = phrase {
            let filter = (!filters.is_empty())
                .then(|| BooleanQuery::new(filters.iter().map(|(o, q)| (*o, q.box_clone())).collect()));
            let collectors = facet_collectors();
            let large_req = large::Request {
                plan,
                filter: filter.as_ref().map(|q| q as &dyn Query),
                order: if by_date { large::Order::Newest } else { large::Order::Score },
                wanted: offset + per_page as usize,
                facets: req.facets.then_some(&collectors),
                tuning: self.tuning,
            };
            if let Some(found) = large::search(&searcher, &large_req)? {
                let facets = match found.facets {
                    Some((a, y, t, v)) => {
                        let scale = found.facet_scale;
                        let counts = |c: &tantivy::collector::FacetCounts| scaled_counts(c, scale);
                        Some(self.facets(counts(&a), counts(&y), counts(&t), counts(&v), &searcher)?)
                    }
                    None => None,
                };
                let page_hits: Vec<(f32, DocAddress)> = found.hits.into_iter().skip(offset).collect();
                return finish(&page_hits, found.total, found.exact, facets);
            }
        }
        let mut clauses = filters;
        if let Some(q) = text_query.as_ref() {
            clauses.insert(0, (Occur::Must, q.box_clone()));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            if !has_text {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            Box::new(BooleanQuery::new(clauses))
        };
        let top = TopDocs::with_limit(per_page as usize).and_offset(offset);
        let (addresses, total, facets): (Vec<(f32, DocAddress)>, usize, Option<Facets>) = if req.facets {
            let facets = facet_collectors();
            let (hits, total, (a, y, t, v)) = if by_date {
                let c = top.order_by_fast_field::<u64>("published", Order::Desc);
                let (hits, total, fc) = parts::search(&searcher, &query, &(c, Count, facets), self.tuning.min_part)?;
                (hits.into_iter().map(|(_, a)| (0.0, a)).collect(), total, fc)
            } else {
                parts::search(&searcher, &query, &(top.order_by_score(), Count, facets), self.tuning.min_part)?
            };
            let counts = |c: &tantivy::collector::FacetCounts| scaled_counts(c, 1.0);
            (hits, total, Some(self.facets(counts(&a), counts(&y), counts(&t), counts(&v), &searcher)?))
        } else if by_date {
            let c = top.order_by_fast_field::<u64>("published", Order::Desc);
            let (hits, total) = parts::search(&searcher, &query, &(c, Count), self.tuning.min_part)?;
            (hits.into_iter().map(|(_, a)| (0.0, a)).collect(), total, None)
        } else {
            let (hits, total) = parts::search(&searcher, &query, &(top.order_by_score(), Count), self.tuning.min_part)?;
            (hits, total, None)
        };
        finish(&addresses, total as u64, true, facets)
    }

    fn facets(
        &self,
        agency: Vec<(String, u64)>,
        year: Vec<(String, u64)>,
        topic: Vec<(String, u64)>,
        validity: Vec<(String, u64)>,
        searcher: &Searcher,
    ) -> Result<Facets> {
        let sorted = |mut v: Vec<FacetCount>| {
            v.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            v
        };
        // Agency names: remembered, or read once from one stored document of the agency.
        let mut names = BTreeMap::new();
        for (a, _) in &agency {
            if let Some(name) = self.agency_names.read().unwrap_or_else(|e| e.into_inner()).get(a) {
                names.insert(a.clone(), name.clone());
                continue;
            }
            let q = TermQuery::new(Term::from_field_text(self.fields.agency, a), IndexRecordOption::Basic);
            let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
            if let Some((_, addr)) = top.first() {
                let doc: TantivyDocument = searcher.doc(*addr)?;
                let name = text(&doc, self.fields.agency_name);
                self.agency_names.write().unwrap_or_else(|e| e.into_inner()).insert(a.clone(), name.clone());
                names.insert(a.clone(), name);
            }
        }
        let mut years: Vec<FacetCount> =
            year.into_iter().map(|(v, count)| FacetCount { label: format!("{v}年"), value: v, count }).collect();
        years.sort_by(|a, b| b.value.cmp(&a.value));
        Ok(Facets {
            agency: sorted(
                agency
                    .into_iter()
                    .map(|(v, count)| FacetCount {
                        label: names.get(&v).cloned().unwrap_or_else(|| v.clone()),
                        value: v,
                        count,
                    })
                    .collect(),
            ),
            year: years,
            topic: sorted(
                topic
                    .into_iter()
                    .map(|(v, count)| FacetCount {
                        label: Topic::parse(&v).map(|t| t.label().to_string()).unwrap_or_else(|| v.clone()),
                        value: v,
                        count,
                    })
                    .collect(),
            ),
            validity: sorted(
                validity
                    .into_iter()
                    .map(|(v, count)| FacetCount { label: ValidityState::label_of(&v).to_string(), value: v, count })
                    .collect(),
            ),
        })
    }

    fn hits(&self, searcher: &Searcher, query: &dyn Query, addresses: &[(f32, DocAddress)]) -> Result<Vec<Hit>> {
        if addresses.is_empty() {
            return Ok(Vec::new());
        }
        let f = self.fields;
        let title_gen = self.snippets(searcher, query, f.title, 400)?;
        let body_gen = self.snippets(searcher, query, f.body, 160)?;
        let mut out = Vec::with_capacity(addresses.len());
        for (score, addr) in addresses {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let title = text(&doc, f.title);
            let ts = title_gen.snippet(&title);
            let title_html = if ts.is_empty() || ts.fragment().len() != title.len() {
                escape(&title)
            } else {
                highlight_html(ts.fragment(), ts.highlighted())
            };
            let body = text(&doc, f.body);
            let bs = body_gen.snippet(&body);
            let snippet_html = if bs.is_empty() {
                escape(&body.chars().take(120).collect::<String>())
            } else {
                highlight_html(bs.fragment(), bs.highlighted())
            };
            let validity = Some(text(&doc, f.validity)).filter(|s| !s.is_empty());
            let topic = text(&doc, f.topic);
            let kind = text(&doc, f.kind);
            out.push(Hit {
                id: ItemId(doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0) as i64),
                index_no: text(&doc, f.index_no),
                title,
                title_html,
                snippet_html,
                doc_number: Some(text(&doc, f.doc_number)).filter(|s| !s.is_empty()),
                agency: text(&doc, f.agency),
                agency_name: text(&doc, f.agency_name),
                issuer: text(&doc, f.issuer),
                published_on: date_text(doc.get_first(f.published).and_then(|v| v.as_u64()).unwrap_or(0)),
                topic: Topic::parse(&topic).map(|t| t.label().to_string()).unwrap_or(topic),
                kind: DocKind::parse(&kind).map(|k| k.label().to_string()).unwrap_or(kind),
                validity: validity.map(|v| ValidityState::label_of(&v).to_string()),
                score: *score,
            });
        }
        Ok(out)
    }

    /// What tantivy's `SnippetGenerator::create` does, with the highlighting tokenizer instead
    /// of the field's full analysis: the query's terms in `field`, rarer ones weighing more.
    fn snippets(&self, searcher: &Searcher, query: &dyn Query, field: Field, chars: usize) -> Result<SnippetGenerator> {
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field && !terms.contains(term) {
                terms.push(term.clone());
            }
        });
        let mut weighted = BTreeMap::new();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else { continue };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weighted.insert(text, 1.0 / (1.0 + doc_freq as f32));
            }
        }
        let tokenizer = HighlightTokenizer::new(&self.analyzer, weighted.keys().cloned());
        Ok(SnippetGenerator::new(weighted, TextAnalyzer::builder(tokenizer).build(), field, chars))
    }
}

/// The values of a facet with their counts, multiplied by `scale` (an estimate's share; a value
/// counted at all stays at least 1).
fn scaled_counts(c: &tantivy::collector::FacetCounts, scale: f64) -> Vec<(String, u64)> {
    c.get("/")
        .map(|(facet, n)| {
            let n = if scale == 1.0 { n } else { ((n as f64 * scale).round() as u64).max(1) };
            (facet.to_path().last().map(|s| s.to_string()).unwrap_or_default(), n)
        })
        .collect()
}

fn text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string()
}

/// `YYYY-MM-DD` → `YYYYMMDD` (sortable).
fn date_key(s: &str) -> u64 {
    s.bytes().filter(u8::is_ascii_digit).fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'))
}

fn date_text(k: u64) -> String {
    format!("{:04}-{:02}-{:02}", k / 10_000, k / 100 % 100, k % 100)
}

/// `fragment` escaped, with the `highlighted` byte ranges in `<em>`. The ranges are clamped to
/// the fragment and merged where they overlap: a pair term's range covers two words and may
/// overlap another match or run past the end of the fragment tantivy chose.
fn highlight_html(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> String {
    let mut ranges: Vec<(usize, usize)> = highlighted
        .iter()
        .map(|r| {
            let mut start = r.start.min(fragment.len());
            while !fragment.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = r.end.min(fragment.len());
            while !fragment.is_char_boundary(end) {
                end += 1;
            }
            (start, end)
        })
        .filter(|(start, end)| start < end)
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut out = String::with_capacity(fragment.len() + merged.len() * 9);
    let mut at = 0;
    for (start, end) in merged {
        out.push_str(&escape(&fragment[at..start]));
        out.push_str("<em>");
        out.push_str(&escape(&fragment[start..end]));
        out.push_str("</em>");
        at = end;
    }
    out.push_str(&escape(&fragment[at..]));
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn read_payload(index: &Index) -> Payload {
    index.load_metas().ok().and_then(|m| m.payload).and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text pieces for generated bodies: field vocabulary, words jieba may cut differently in
    /// context, single characters, digits and punctuation. No member of a synonym group: a
    /// phrase's paired words match literally, while a word kept by position also matches where
    /// a synonym was indexed (the two differ there by design).
    const PIECES: &[&str] = &[
        "主动公开",
        "政府信息",
        "公开",
        "信息公开",
        "政府信息公开",
        "工作",
        "报告",
        "年度",
        "的",
        "和",
        "依法申请",
        "申请",
        "行政复议",
        "复议",
        "府",
        "信",
        "息",
        "2024",
        "年",
        "，",
        "。",
        " ",
        "主动",
        "小区",
        "改造",
        "实施方案",
        "方案",
        "政务公开",
        "要点",
        "乡村振兴",
        "营商环境",
        "隨縣",
        "实施",
    ];

    fn matching(index: &SearchIndex, query: &dyn Query) -> std::collections::HashSet<DocAddress> {
        index.reader.searcher().search(query, &tantivy::collector::DocSetCollector).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

        /// A phrase looked up through pair terms matches exactly the documents where its words
        /// stand at their character distances (the plain positional phrase query).
        #[test]
        fn pair_terms_find_what_positions_find(
            bodies in proptest::collection::vec(proptest::collection::vec(0..PIECES.len(), 1..30), 8..16),
            cuts in proptest::collection::vec((0usize..16, 0usize..60, 2usize..12), 12),
        ) {
            let index = SearchIndex::in_ram().unwrap();
            let texts: Vec<String> = bodies.iter().map(|b| b.iter().map(|i| PIECES[*i]).collect()).collect();
            let docs: Vec<IndexDoc> = texts
                .iter()
                .enumerate()
                .map(|(i, body)| IndexDoc {
                    id: ItemId(i as i64 + 1),
                    index_no: format!("T/{i}"),
                    title: String::new(),
                    body: body.clone(),
                    doc_number: None,
                    agency: "t".into(),
                    agency_name: "t".into(),
                    issuer: "t".into(),
                    published_on: "2024-01-01".into(),
                    topic: Topic::General,
                    kind: DocKind::Other,
                    validity: None,
                })
                .collect();
            index.apply(&docs, &[]).unwrap();
            index.commit(0).unwrap();
            let body = index.fields.body;
            for (doc, start, len) in cuts {
                // A phrase cut from a document (so it often matches), folded like a query.
                let chars: Vec<char> = texts[doc % texts.len()].chars().collect();
                let start = start % chars.len();
                let phrase: String = chars[start..(start + len).min(chars.len())].iter().collect();
                let words = index.analyzer.words(&phrase);
                if words.len() < 2 {
                    continue;
                }
                let first = words[0].position;
                let positional = tantivy::query::PhraseQuery::new_with_offset(
                    words.iter().map(|w| (w.position - first, Term::from_field_text(body, &w.text))).collect(),
                );
                let Some(paired) = query::phrase(&index.analyzer, &phrase, &[(body, 1.0)]) else { continue };
                proptest::prop_assert_eq!(
                    matching(&index, &positional),
                    matching(&index, paired.as_ref()),
                    "phrase {:?} as {:?}",
                    phrase,
                    query::phrase_terms(&index.analyzer, &phrase)
                );
            }
        }
    }

    /// A phrase held by many items, searched through score bounds and a sample (`large`),
    /// gives the exact search's page: the same items with the same scores in the same order,
    /// whatever the filters, order and page; its count and facets are the exact ones when every
    /// candidate was read, and close to them otherwise (and then say they are estimates).
    #[test]
    fn large_phrases_give_the_exact_page() {
        let (schema, _) = schema();
        let mut index = SearchIndex::with_index(Index::create_in_ram(schema), 2).unwrap();
        // Deterministic pseudo-random pieces: the phrase 息公开工作 in about half the items,
        // several times in some, in titles of a quarter, near misses elsewhere.
        let pieces = [
            "信息公开工作",
            "信息公开",
            "工作",
            "息",
            "公开",
            "政府",
            "年度报告",
            "，",
            "。",
            "消息公开工作",
            "公开工作",
        ];
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut id = 0i64;
        for _segment in 0..3 {
            let mut docs = Vec::new();
            for _ in 0..1_200 {
                id += 1;
                let body: String = (0..3 + next(40)).map(|_| pieces[next(pieces.len() as u64) as usize]).collect();
                let title = if next(4) == 0 {
                    "某县信息公开工作年度报告".to_string()
                } else {
                    format!("通知{}", next(50))
                };
                docs.push(IndexDoc {
                    id: ItemId(id),
                    index_no: format!("T/{id}"),
                    title,
                    body,
                    doc_number: None,
                    agency: ["a", "b", "c"][next(3) as usize].into(),
                    agency_name: "某机关".into(),
                    issuer: "某机关".into(),
                    published_on: format!("{}-0{}-1{}", 2019 + next(6), 1 + next(9), next(10)),
                    topic: if next(2) == 0 { Topic::General } else { Topic::Security },
                    kind: DocKind::Other,
                    validity: None,
                });
            }
            index.apply(&docs, &[]).unwrap();
            index.commit(0).unwrap();
        }
        let removed: Vec<ItemId> = (1..=id).step_by(13).map(ItemId).collect();
        index.apply(&[], &removed).unwrap();
        index.commit(0).unwrap();
        index.tuning.min_part = 100;
        index.tuning.sample = 64;
        let mut estimated = 0;
        for q in ["息公开工作", "信息公开工作", "标题:息公开工作", "正文:息公开"] {
            for sort in [Sort::Relevance, Sort::Newest] {
                for (page, agency, year) in
                    [(1, None, None), (3, None, None), (1, Some("a"), None), (2, None, Some(2021))]
                {
                    let req = SearchRequest {
                        q: q.into(),
                        sort,
                        page,
                        agency: agency.map(str::to_string),
                        year,
                        ..SearchRequest::default()
                    };
                    index.tuning.large_from = u64::MAX;
                    let exact = index.search(&req).unwrap();
                    index.tuning.large_from = 0;
                    let large = index.search(&req).unwrap();
                    let case = format!("{q} {sort:?} page {page} {agency:?} {year:?}");
                    assert!(exact.total > 40 && exact.total_exact, "{case}: {}", exact.total);
                    let ranked = |r: &SearchResults| r.hits.iter().map(|h| (h.id, h.score)).collect::<Vec<_>>();
                    assert_eq!(ranked(&large), ranked(&exact), "{case}");
                    if large.total_exact {
                        assert_eq!((large.total, &large.facets), (exact.total, &exact.facets), "{case}");
                    } else {
                        estimated += 1;
                        let error = (large.total as f64 - exact.total as f64).abs() / exact.total as f64;
                        assert!(error < 0.2, "{case}: {} estimated, {} exact", large.total, exact.total);
                    }
                }
            }
        }
        assert!(estimated >= 8, "only {estimated} searches were estimated");
    }

    #[test]
    fn highlights_are_clamped_and_merged() {
        type Case = (&'static str, &'static [(usize, usize)], &'static str);
        let cases: [Case; 5] = [
            ("主动公开政府信息", &[(0, 24)], "<em>主动公开政府信息</em>"),
            // A pair's range running past the fragment's end.
            ("主动公开政府", &[(0, 24)], "<em>主动公开政府</em>"),
            // Overlapping and touching ranges, out of order.
            ("ab<c>d", &[(3, 5), (0, 2), (1, 3)], "<em>ab&lt;c&gt;</em>d"),
            // A range starting inside a character widens to the whole character.
            ("政务", &[(1, 3)], "<em>政</em>务"),
            ("plain", &[], "plain"),
        ];
        for (fragment, ranges, want) in cases {
            let ranges: Vec<std::ops::Range<usize>> = ranges.iter().map(|(a, b)| *a..*b).collect();
            assert_eq!(highlight_html(fragment, &ranges), want, "{fragment} {ranges:?}");
        }
    }

    #[test]
    fn dates_sort_as_numbers() {
        assert_eq!(date_key("2024-03-05"), 20240305);
        assert_eq!(date_text(20240305), "2024-03-05");
        assert_eq!(escape("<b>&"), "&lt;b&gt;&amp;");
    }
}
