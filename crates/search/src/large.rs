//! Phrases that a large part of the index holds (a fragment such as 息公开工作 is in a third of
//! all items): the page of best hits found exactly, the total and the facet counts estimated
//! from an even sample of the candidates.
//!
//! A phrase costs its positions: the exact search reads them in every item holding all its
//! terms to see whether they stand in a row, about 90 ns an item when a term is a character
//! found everywhere (息), so counting 338,000 matches takes longer than a search may. Here the
//! candidates are the items holding the phrase's rarest term (in any searched field), walked
//! on that term's posting list alone. A phrase stands in an item no more often than its rarest
//! term, so a candidate's BM25 score has an upper bound read from that list; once the page is
//! full, a candidate whose bound cannot beat the page's worst hit is not read, only counted
//! (for the newest-first order the bound is the date itself). The best hits are therefore the
//! exact search's, with the same scores. The total is the share of an even sample of the
//! candidates that holds the phrase, times the number of candidates, and says it is an
//! estimate, as search engines do for large result sets (Lucene's and Elasticsearch's
//! `track_total_hits`); when every candidate was read anyway it is exact.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, PhraseQuery, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, TERMINATED, Term};

use crate::parts;
use crate::query::PhrasePlan;

/// When a phrase is searched here, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tuning {
    /// Above this many candidates a phrase is searched here: below, the exact search reads
    /// them all in a few milliseconds even when a term is a character found everywhere (about
    /// 90 ns a candidate). Counted from the term dictionary first, then from the posting lists.
    pub large_from: u64,
    /// About how many candidates are read, spread evenly over the index, to estimate the share
    /// of them that holds the phrase (the estimate's standard error is then under 0.8 %).
    pub sample: u64,
    /// The smallest range of documents one search thread takes (see `parts`).
    pub min_part: u32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { large_from: 100_000, sample: 4_096, min_part: parts::MIN_PART_DOCS }
    }
}

/// The order of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Best score first (ties: lower document address first, as tantivy ranks them).
    Score,
    /// Newest `published` first.
    Newest,
}

/// What the search found.
pub(crate) struct Found<F> {
    /// The best hits up to the end of the asked page, best first: (score, or 0 by date; address).
    pub hits: Vec<(Score, DocAddress)>,
    pub total: u64,
    /// `false`: `total` is an estimate, and so are the facet counts (`facets` scaled by
    /// `facet_scale`).
    pub exact: bool,
    /// The facets' fruit: over the matches when exact, else over every candidate.
    pub facets: Option<F>,
    /// What facet counts over the candidates are multiplied by (1 when exact).
    pub facet_scale: f64,
}

/// One search of a phrase plan.
pub(crate) struct Request<'a, F> {
    pub plan: &'a PhrasePlan,
    /// Filters every hit must pass (agency, year, …), if any.
    pub filter: Option<&'a dyn Query>,
    pub order: Order,
    /// How many best hits to find (the asked page's end).
    pub wanted: usize,
    /// The facet collector, run over the candidates (and the matches).
    pub facets: Option<&'a F>,
    pub tuning: Tuning,
}

/// Searches `req`, or `None` when the phrase has too few candidates for this to pay (the caller
/// then runs the exact search).
pub(crate) fn search<F: Collector>(
    searcher: &Searcher,
    req: &Request<'_, F>,
) -> tantivy::Result<Option<Found<F::Fruit>>> {
    // A bound on the candidates from the term dictionary: in each field, the rarest term's items.
    let mut bound = 0u64;
    let mut rarest = Vec::with_capacity(req.plan.fields.len());
    for &(field, _) in &req.plan.fields {
        let mut best: Option<(u64, Term)> = None;
        for (_, term) in req.plan.terms_in(field) {
            let n = searcher.doc_freq(&term)?;
            if best.as_ref().is_none_or(|(m, _)| n < *m) {
                best = Some((n, term));
            }
        }
        let Some((n, term)) = best else { return Ok(None) };
        bound += n;
        rarest.push(term);
    }
    if bound <= req.tuning.large_from || req.wanted == 0 {
        return Ok(None);
    }
    let scoring = req.order == Order::Score;
    let mut fields = Vec::with_capacity(rarest.len());
    for (&(field, boost), rarest) in req.plan.fields.iter().zip(rarest) {
        let terms = req.plan.terms_in(field);
        let plain: Vec<Term> = terms.iter().map(|(_, t)| t.clone()).collect();
        let enable = if scoring {
            EnableScoring::enabled_from_searcher(searcher)
        } else {
            EnableScoring::disabled_from_searcher(searcher)
        };
        fields.push(FieldPlan {
            field,
            boost,
            rarest,
            // The phrase query's own weight, so that a hit's score is the exact search's.
            bound: Bound::new(Bm25Weight::for_terms(searcher, &plain)?.boost_by(boost)),
            phrase: PhraseQuery::new_with_offset(terms).weight(enable)?,
        });
    }
    let filter = req.filter.map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher))).transpose()?;
    let stride = (bound / req.tuning.sample.max(1)).max(1);
    let parts = parts::map_parts(searcher, req.tuning.min_part, |part, reader| {
        scan(reader, part, &fields, filter.as_deref(), req, stride)
    })?;
    let mut tally = Tally::default();
    let mut best = Vec::new();
    let (mut on_candidates, mut on_matches) = (Vec::new(), Vec::new());
    for p in parts {
        tally.add(&p.tally);
        best.extend(p.best.into_iter().map(|Reverse(r)| r));
        if let Some((c, m)) = p.facets {
            on_candidates.push(c);
            on_matches.push(m);
        }
    }
    let exact = tally.skipped == 0;
    if !exact && tally.candidates <= req.tuning.large_from {
        return Ok(None);
    }
    best.sort_by(|a, b| b.cmp(a));
    best.truncate(req.wanted);
    let hits = best.into_iter().map(|r| (if scoring { r.key as Score } else { 0.0 }, r.address)).collect();
    let total = if exact {
        tally.matched
    } else {
        let share = tally.sample_hits as f64 / tally.sampled.max(1) as f64;
        three_figures(tally.candidates as f64 * share).max(tally.matched)
    };
    let (facets, facet_scale) = match req.facets {
        None => (None, 1.0),
        Some(c) if exact => (Some(c.merge_fruits(on_matches)?), 1.0),
        Some(c) => (Some(c.merge_fruits(on_candidates)?), total as f64 / tally.candidates.max(1) as f64),
    };
    Ok(Some(Found { hits, total, exact, facets, facet_scale }))
}

/// `x` rounded to three significant figures (338,017.4 → 338,000): an estimate printed with
/// no more figures than it has.
fn three_figures(x: f64) -> u64 {
    if x < 1_000.0 {
        return x.round() as u64;
    }
    let unit = 10f64.powi(x.log10().floor() as i32 - 2);
    ((x / unit).round() * unit) as u64
}

/// The phrase in one field, prepared once per search.
struct FieldPlan {
    field: Field,
    boost: Score,
    /// The term with the fewest items: they are the candidates (an item without it cannot hold
    /// the phrase), and its frequency bounds the phrase count (a phrase stands in an item no
    /// more often than any of its terms).
    rarest: Term,
    bound: Bound,
    phrase: Box<dyn Weight>,
}

/// The phrase's BM25 weight in a field, with its scores for small frequencies looked up (the
/// bound is computed for every candidate).
struct Bound {
    weight: Bm25Weight,
    /// `table[tf - 1][fieldnorm_id]` for tf up to `TABLE_TF`.
    table: Vec<[Score; 256]>,
}

const TABLE_TF: u32 = 8;

impl Bound {
    fn new(weight: Bm25Weight) -> Bound {
        let table = (1..=TABLE_TF).map(|tf| std::array::from_fn(|id| weight.score(id as u8, tf))).collect();
        Bound { weight, table }
    }

    /// The same value as `weight.score(fieldnorm_id, tf)`.
    #[inline]
    fn score(&self, fieldnorm_id: u8, tf: u32) -> Score {
        match self.table.get((tf as usize).wrapping_sub(1)) {
            Some(row) => row[fieldnorm_id as usize],
            None => self.weight.score(fieldnorm_id, tf),
        }
    }
}

/// Counts of one part (and, added up, of the search).
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    /// Items holding the phrase's rarest term in a field and passing the filters.
    candidates: u64,
    /// Candidates not read: their bound could not reach the page.
    skipped: u64,
    /// Candidates read that hold the phrase.
    matched: u64,
    /// Candidates of the even sample, and how many of them hold the phrase.
    sampled: u64,
    sample_hits: u64,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.candidates += o.candidates;
        self.skipped += o.skipped;
        self.matched += o.matched;
        self.sampled += o.sampled;
        self.sample_hits += o.sample_hits;
    }
}

/// A hit ranked for the page: greater is better (higher key, then lower address).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked {
    /// The score, or the date key; both exact in an f64.
    key: f64,
    address: DocAddress,
}

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, o: &Self) -> Ordering {
        self.key.total_cmp(&o.key).then_with(|| o.address.cmp(&self.address))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// What one part gives back.
struct PartFruit<C> {
    tally: Tally,
    /// Its best hits, the worst on top.
    best: BinaryHeap<Reverse<Ranked>>,
    /// Facets over its candidates and over its matches.
    facets: Option<(C, C)>,
}

/// The phrase in one field of one segment: the posting list of its rarest term (frequencies
/// only), whose items are the candidates, and the phrase scorer that reads positions, started
/// at the first candidate it is asked about and only ever moved forward.
struct FieldScan<'a> {
    plan: &'a FieldPlan,
    postings: SegmentPostings,
    /// The current candidate, or TERMINATED.
    doc: DocId,
    norms: FieldNormReader,
    phrase: Option<Box<dyn Scorer>>,
    /// The phrase scorer stands on this matching item.
    phrase_at: Option<DocId>,
    /// No item before this one holds the phrase (the scorer's answer to the last miss).
    phrase_from: DocId,
}

impl<'a> FieldScan<'a> {
    fn open(reader: &SegmentReader, plan: &'a FieldPlan, start: DocId) -> tantivy::Result<Option<FieldScan<'a>>> {
        let inverted = reader.inverted_index(plan.field)?;
        let Some(mut postings) = inverted.read_postings(&plan.rarest, IndexRecordOption::WithFreqs)? else {
            return Ok(None);
        };
        let doc = if postings.doc() < start { postings.seek(start) } else { postings.doc() };
        let norms = reader.get_fieldnorms_reader(plan.field)?;
        Ok(Some(FieldScan { plan, postings, doc, norms, phrase: None, phrase_at: None, phrase_from: 0 }))
    }

    fn advance(&mut self) {
        self.doc = self.postings.advance();
    }

    /// The highest score the current candidate could have.
    #[inline]
    fn bound(&self) -> Score {
        self.plan.bound.score(self.norms.fieldnorm_id(self.doc), self.postings.term_freq())
    }

    /// The current candidate's phrase score (boosted), or `None` when it does not hold the
    /// phrase.
    fn read(&mut self, reader: &SegmentReader) -> tantivy::Result<Option<Score>> {
        let doc = self.doc;
        if self.phrase_at == Some(doc) {
            return Ok(self.phrase.as_mut().map(|s| s.score()));
        }
        if doc < self.phrase_from {
            return Ok(None);
        }
        // Asked about strictly increasing items, each at or after the last answer's bound, as
        // `seek_danger` requires.
        let result = match &mut self.phrase {
            Some(s) => s.seek_danger(doc),
            None => {
                let (result, s) = self.plan.phrase.scorer_danger(reader, doc, self.plan.boost)?;
                self.phrase = Some(s);
                result
            }
        };
        match result {
            SeekDangerResult::Found => {
                self.phrase_at = Some(doc);
                self.phrase_from = doc + 1;
                Ok(self.phrase.as_mut().map(|s| s.score()))
            }
            SeekDangerResult::SeekLowerBound(next) => {
                self.phrase_at = None;
                self.phrase_from = next.max(doc + 1);
                Ok(None)
            }
        }
    }
}

fn scan<F: Collector>(
    reader: &SegmentReader,
    part: parts::Part,
    fields: &[FieldPlan],
    filter: Option<&dyn Weight>,
    req: &Request<'_, F>,
    stride: u64,
) -> tantivy::Result<PartFruit<<F::Child as SegmentCollector>::Fruit>> {
    let segment = part.segment as u32;
    let mut scans = Vec::with_capacity(fields.len());
    for plan in fields {
        if let Some(s) = FieldScan::open(reader, plan, part.start)? {
            scans.push(s);
        }
    }
    let mut filter = filter.map(|w| w.scorer(reader, 1.0)).transpose()?;
    let alive = reader.alive_bitset();
    let dates: Option<Column<u64>> =
        if req.order == Order::Newest { Some(reader.fast_fields().u64("published")?) } else { None };
    let mut facets = match req.facets {
        Some(c) => Some((c.for_segment(segment, reader)?, c.for_segment(segment, reader)?)),
        None => None,
    };
    let mut tally = Tally::default();
    let mut until_sample = 0u64;
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(req.wanted + 1);
    loop {
        let doc = scans.iter().map(|s| s.doc).min().unwrap_or(TERMINATED);
        if doc >= part.end {
            break;
        }
        let passes = alive.is_none_or(|a| a.is_alive(doc))
            && filter.as_mut().is_none_or(|f| {
                let at = if f.doc() < doc { f.seek(doc) } else { f.doc() };
                at == doc
            });
        if passes {
            tally.candidates += 1;
            if let Some((c, _)) = &mut facets {
                c.collect(doc, 0.0);
            }
            let address = DocAddress::new(segment, doc);
            let key = match &dates {
                Some(d) => d.first(doc).unwrap_or(0) as f64,
                None => f64::from(scans.iter().filter(|s| s.doc == doc).map(FieldScan::bound).sum::<Score>()),
            };
            let may_enter =
                best.len() < req.wanted || best.peek().is_some_and(|Reverse(w)| Ranked { key, address } > *w);
            // Every `stride`-th candidate, the first included (a countdown: no division here).
            let sampled = until_sample == 0;
            until_sample = if sampled { stride - 1 } else { until_sample - 1 };
            if may_enter || sampled {
                // Summed in the fields' order, as the exact search's union sums them.
                let mut score: Score = 0.0;
                let mut hit = false;
                for s in scans.iter_mut().filter(|s| s.doc == doc) {
                    if let Some(v) = s.read(reader)? {
                        score += v;
                        hit = true;
                    }
                }
                if sampled {
                    tally.sampled += 1;
                    tally.sample_hits += u64::from(hit);
                }
                if hit {
                    tally.matched += 1;
                    if let Some((_, m)) = &mut facets {
                        m.collect(doc, 0.0);
                    }
                    if may_enter {
                        let key = if dates.is_some() { key } else { f64::from(score) };
                        best.push(Reverse(Ranked { key, address }));
                        if best.len() > req.wanted {
                            best.pop();
                        }
                    }
                }
            } else {
                tally.skipped += 1;
            }
        }
        for s in scans.iter_mut().filter(|s| s.doc == doc) {
            s.advance();
        }
    }
    Ok(PartFruit { tally, best, facets: facets.map(|(c, m)| (c.harvest(), m.harvest())) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn estimates_keep_three_figures() {
        for (x, want) in
            [(0.4, 0), (999.5, 1_000), (1_234.0, 1_230), (338_017.4, 338_000), (99_960.0, 100_000), (1e6, 1_000_000)]
        {
            assert_eq!(super::three_figures(x), want, "{x}");
        }
    }
}
