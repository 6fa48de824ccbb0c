//! One query searched over equal parts of the segments in parallel.
//!
//! Tantivy gives each segment to one thread, so a query that must examine most of a large
//! segment (a phrase matched in a third of the corpus, whose positions are read in every
//! candidate) runs on one core while the others wait, and segments are rarely of equal size.
//! Here every segment is cut into ranges of document ids of about the same size, a few per
//! thread, and each range is scored by its own scorer: the threads finish together.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocId, Executor, Searcher, SegmentReader};

/// Ranges per search thread: more than one so that a thread finishing early takes another.
const PARTS_PER_THREAD: u32 = 4;

/// Below this many documents a range is not cut further: a scorer costs something to start
/// (a seek in every posting list), and small indexes are fast anyway.
pub(crate) const MIN_PART_DOCS: u32 = 32_768;

/// A range of document ids of one segment: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    pub segment: usize,
    pub start: DocId,
    pub end: DocId,
}

/// The ranges that cover `sizes` (each segment's `max_doc`) for `threads` threads, in document
/// order: the fruits are merged in this order, and among equal scores the collectors keep the
/// first documents they see, so the order keeps ties ranked as a whole-segment search ranks
/// them (the same page for the same query, whatever the number of threads).
fn parts(sizes: &[u32], threads: usize, min_part: u32) -> Vec<Part> {
    let total: u64 = sizes.iter().map(|&s| u64::from(s)).sum();
    let wanted = u64::from(PARTS_PER_THREAD) * threads.max(1) as u64;
    let size = (total.div_ceil(wanted) as u32).max(min_part).max(1);
    let mut out = Vec::new();
    for (segment, &max) in sizes.iter().enumerate() {
        let n = max.div_ceil(size).max(1);
        for k in 0..n {
            let start = (u64::from(max) * u64::from(k) / u64::from(n)) as u32;
            let end = (u64::from(max) * u64::from(k + 1) / u64::from(n)) as u32;
            out.push(Part { segment, start, end });
        }
    }
    out
}

/// `searcher.search(query, collector)`, with the segments cut into parts (of at least
/// `min_part` documents) searched in parallel by the index's search threads. Gives the same
/// fruit: each part is collected as a segment (same segment ordinal, so document addresses are
/// unchanged) and the fruits are merged.
pub(crate) fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
    min_part: u32,
) -> tantivy::Result<C::Fruit> {
    if threads(searcher) < 2 {
        return searcher.search(query, collector);
    }
    collector.check_schema(searcher.schema())?;
    let scoring = collector.requires_scoring();
    let weight = query.weight(if scoring {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    })?;
    let fruits = map_parts(searcher, min_part, |part, reader| {
        let mut child = collector.for_segment(part.segment as u32, reader)?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        // A scorer starts on its first match; seeking backwards is not allowed.
        let mut doc = scorer.doc();
        if doc < part.start {
            doc = scorer.seek(part.start);
        }
        // TERMINATED is u32::MAX, past every range.
        while doc < part.end {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                child.collect(doc, if scoring { scorer.score() } else { 0.0 });
            }
            doc = scorer.advance();
        }
        Ok(child.harvest())
    })?;
    collector.merge_fruits(fruits)
}

/// How many threads search one query.
fn threads(searcher: &Searcher) -> usize {
    match searcher.index().search_executor() {
        Executor::SingleThread => 1,
        Executor::ThreadPool(pool) => pool.current_num_threads(),
    }
}

/// `work` on every part of the segments (parts of at least `min_part` documents), on the
/// index's search threads; the results in document order.
pub(crate) fn map_parts<T: Send>(
    searcher: &Searcher,
    min_part: u32,
    work: impl Fn(Part, &SegmentReader) -> tantivy::Result<T> + Sync,
) -> tantivy::Result<Vec<T>> {
    let readers = searcher.segment_readers();
    let sizes: Vec<u32> = readers.iter().map(SegmentReader::max_doc).collect();
    let all = parts(&sizes, threads(searcher), min_part);
    searcher.index().search_executor().map(|part: Part| work(part, &readers[part.segment]), all.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_every_document_once() {
        let cases: &[(&[u32], usize)] =
            &[(&[391_981, 307_964, 300_055], 2), (&[1_000_000], 2), (&[10, 0, 5], 4), (&[100_000, 1], 8), (&[], 2)];
        for &(sizes, threads) in cases {
            let parts = parts(sizes, threads, MIN_PART_DOCS);
            for (segment, &max) in sizes.iter().enumerate() {
                let mut ranges: Vec<(u32, u32)> =
                    parts.iter().filter(|p| p.segment == segment).map(|p| (p.start, p.end)).collect();
                ranges.sort();
                assert_eq!(ranges.first().map(|r| r.0), Some(0), "{sizes:?}");
                assert_eq!(ranges.last().map(|r| r.1), Some(max), "{sizes:?}");
                assert!(ranges.windows(2).all(|w| w[0].1 == w[1].0), "{sizes:?}: gaps or overlaps");
            }
        }
        // Balanced: no part of the large index more than twice the smallest non-trivial one.
        let big = parts(&[391_981, 307_964, 300_055], 2, MIN_PART_DOCS);
        let (min, max) =
            big.iter().fold((u32::MAX, 0), |(lo, hi), p| (lo.min(p.end - p.start), hi.max(p.end - p.start)));
        assert!(max <= 2 * min, "{big:?}");
        assert!(big.len() >= 8, "{} parts", big.len());
        // A small index is not cut.
        assert_eq!(parts(&[20_000, 3_000], 2, MIN_PART_DOCS).len(), 2);
    }
}

#[cfg(test)]
mod same_results {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
    use tantivy::schema::{FAST, IndexRecordOption, Schema, TEXT};
    use tantivy::{Index, Order, Term, doc};

    /// Searching in parts finds what tantivy's own search finds: the same best documents with
    /// the same scores, the same count, with deleted documents left out, in several segments.
    #[test]
    fn parts_find_what_the_whole_segments_find() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let day = b.add_u64_field("day", FAST);
        let mut index = Index::create_in_ram(b.build());
        index.set_multithread_executor(2).unwrap();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = ["open", "government", "information", "report", "annual", "request", "reply", "fee"];
        for segment in 0..3u64 {
            for i in 0..400u64 {
                let n = segment * 400 + i;
                let body: Vec<&str> = (0..(3 + n % 7))
                    .map(|k| words[((n * 7 + k * (n % 5 + 1)) % words.len() as u64) as usize])
                    .collect();
                writer.add_document(doc!(text => body.join(" "), day => n * 37 % 1000)).unwrap();
            }
            writer.commit().unwrap();
        }
        writer.delete_term(Term::from_field_text(text, "fee"));
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 3);
        let term = |w: &str| Term::from_field_text(text, w);
        let queries: Vec<Box<dyn Query>> = vec![
            Box::new(TermQuery::new(term("report"), IndexRecordOption::WithFreqs)),
            Box::new(PhraseQuery::new(vec![term("government"), term("information")])),
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term("annual"), IndexRecordOption::WithFreqs)) as Box<dyn Query>,
                ),
                (Occur::Should, Box::new(PhraseQuery::new(vec![term("request"), term("reply")]))),
            ])),
        ];
        for q in &queries {
            let by_score = (TopDocs::with_limit(10).and_offset(3).order_by_score(), Count);
            let whole = searcher.search(q.as_ref(), &by_score).unwrap();
            let parts = super::search(&searcher, q.as_ref(), &by_score, 1).unwrap();
            assert!(whole.1 > 10, "{q:?} matches too little to compare");
            assert_eq!(whole, parts, "{q:?}");
            let by_day = (TopDocs::with_limit(5).order_by_fast_field::<u64>("day", Order::Desc), Count);
            let whole = searcher.search(q.as_ref(), &by_day).unwrap();
            let parts = super::search(&searcher, q.as_ref(), &by_day, 1).unwrap();
            assert_eq!(whole.1, parts.1, "{q:?}");
            let days = |v: &Vec<(Option<u64>, tantivy::DocAddress)>| v.iter().map(|(d, _)| *d).collect::<Vec<_>>();
            assert_eq!(days(&whole.0), days(&parts.0), "{q:?}");
        }
    }
}
