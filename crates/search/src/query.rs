//! The query language of the portal's search box: runs of characters separated by spaces (each
//! means its text in a row, or with a declared synonym; all must match), "quoted phrases",
//! field:value (标题: 文号: 索引号: 正文:), and -run to exclude; the words-anywhere reading as the
//! announced fallback. Built into tantivy queries directly, never through tantivy's
//! `QueryParser`.

use gongkai_core::publish::normalize_doc_number;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analyzer::{Analyzer, Segment, fold, pair_term, synonym_term};

/// How much more a match in the title counts than one in the body.
const TITLE_BOOST: f32 = 3.0;

/// The searchable fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub title: Field,
    pub body: Field,
    pub doc_number: Field,
    pub index_no: Field,
}

/// Where a clause looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Any,
    Title,
    Body,
    DocNumber,
    IndexNo,
}

/// One clause of a query, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub exclude: bool,
    pub target: Target,
    pub text: String,
    pub phrase: bool,
}

fn target_of(name: &str) -> Option<Target> {
    Some(match name {
        "标题" | "题名" | "title" => Target::Title,
        "正文" | "内容" | "body" => Target::Body,
        "文号" | "发文字号" | "doc_number" => Target::DocNumber,
        "索引号" | "index_no" => Target::IndexNo,
        _ => return None,
    })
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '「' | '『')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '」' | '』')
}

/// Splits a query into clauses. Full-width forms and Traditional characters are folded first,
/// so `標題：隨縣` reads as `标题:随县`.
pub fn clauses(q: &str) -> Vec<Clause> {
    let q = fold(q);
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut exclude = false;
        if chars[i] == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
            exclude = true;
            i += 1;
        }
        // field:value — the name is everything up to a colon, if it names a field.
        let mut target = Target::Any;
        if let Some(colon) = chars[i..].iter().take(12).position(|c| *c == ':') {
            let name: String = chars[i..i + colon].iter().collect();
            if let Some(t) = target_of(&name) {
                target = t;
                i += colon + 1;
            }
        }
        let (text, phrase) = if i < chars.len() && is_open_quote(chars[i]) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_close_quote(chars[end]) {
                end += 1;
            }
            i = (end + 1).min(chars.len());
            (chars[start..end].iter().collect::<String>(), true)
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            (chars[start..i].iter().collect::<String>(), false)
        };
        if !text.trim().is_empty() {
            out.push(Clause { exclude, target, text: text.trim().to_string(), phrase });
        }
    }
    out
}

/// How many spellings of a clause through declared synonyms are looked up at most.
const MAX_VARIANTS: usize = 8;

/// How the words of an unquoted clause must stand in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// As typed: the clause's characters in a row (the text a plain scan finds), or the same
    /// with a word replaced by a declared synonym.
    Literal,
    /// Each word of the clause anywhere in the document (the fallback when nothing holds the
    /// clause as typed).
    AllWords,
}

/// A parsed query: the tantivy query, or `None` when it has no words (everything matches),
/// whether reading it with [`Reading::AllWords`] could find more, and, when the whole query is
/// one phrase of several terms, that phrase (searched another way when most items hold it).
pub(crate) struct Parsed {
    pub query: Option<Box<dyn Query>>,
    pub relaxable: bool,
    pub phrase: Option<PhrasePlan>,
}

/// A query that is one phrase of two or more terms and nothing else: the query is the sum over
/// `fields` of the phrase query of `terms` in each, boosted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PhrasePlan {
    pub fields: Vec<(Field, f32)>,
    /// Each term at its distance from the first.
    pub terms: Vec<(usize, String)>,
}

impl PhrasePlan {
    /// The phrase's terms in `field`, as [`phrase`] builds its query.
    pub fn terms_in(&self, field: Field) -> Vec<(usize, Term)> {
        self.terms.iter().map(|(at, text)| (*at, Term::from_field_text(field, text))).collect()
    }
}

/// The tantivy query of `q`.
pub(crate) fn parse(q: &str, analyzer: &Analyzer, f: Fields, reading: Reading) -> Parsed {
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut relaxable = false;
    let clauses = clauses(q);
    let lone = clauses.len() == 1 && reading == Reading::Literal;
    let mut phrase = None;
    for c in clauses {
        // Segmented once: whether the fallback could find more, the words anywhere, the
        // spellings, the plan of a lone phrase.
        let words = analyzer.words(&c.text);
        if lone {
            phrase = phrase_plan(&c, &words, analyzer, f);
        }
        relaxable |= !c.phrase && !c.exclude && c.target != Target::DocNumber && words.len() > 1;
        let Some(query) = clause_query(&c, &words, analyzer, f, reading) else { continue };
        must.push((if c.exclude { Occur::MustNot } else { Occur::Must }, query));
    }
    if must.is_empty() {
        return Parsed { query: None, relaxable: false, phrase: None };
    }
    if must.iter().all(|(o, _)| *o == Occur::MustNot) {
        must.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    Parsed { query: Some(Box::new(BooleanQuery::new(must))), relaxable, phrase }
}

/// The fields a clause's words are looked up in, with their weights (none for 索引号, matched
/// as one exact value).
fn text_fields(target: Target, f: Fields) -> Vec<(Field, f32)> {
    match target {
        Target::Any => vec![(f.title, TITLE_BOOST), (f.body, 1.0), (f.doc_number, 1.0)],
        Target::Title => vec![(f.title, 1.0)],
        Target::Body => vec![(f.body, 1.0)],
        Target::DocNumber => vec![(f.doc_number, 1.0)],
        Target::IndexNo => Vec::new(),
    }
}

/// The plan of a lone clause when [`clause_query`] makes it one phrase query per field: included,
/// in the text fields, of two or more terms, with no spelling through a synonym.
fn phrase_plan(c: &Clause, words: &[Segment], analyzer: &Analyzer, f: Fields) -> Option<PhrasePlan> {
    if c.exclude {
        return None;
    }
    if matches!(c.target, Target::DocNumber | Target::IndexNo) {
        return None;
    }
    let fields = text_fields(c.target, f);
    if variants(analyzer, &c.text, words).len() != 1 {
        return None;
    }
    let terms = terms_of(words);
    let first = terms.first()?.0;
    (terms.len() >= 2).then(|| PhrasePlan { fields, terms: terms.into_iter().map(|(at, t)| (at - first, t)).collect() })
}

fn clause_query(
    c: &Clause,
    words: &[Segment],
    analyzer: &Analyzer,
    f: Fields,
    reading: Reading,
) -> Option<Box<dyn Query>> {
    if c.target == Target::IndexNo {
        let value = c.text.to_lowercase();
        return Some(Box::new(TermQuery::new(Term::from_field_text(f.index_no, &value), IndexRecordOption::Basic)));
    }
    let text_fields = text_fields(c.target, f);
    if c.target == Target::DocNumber {
        // A 文号 is matched as a phrase of its parts, brackets and widths normalised.
        let text = normalize_doc_number(&c.text).unwrap_or_default();
        return phrase(analyzer, &text, &text_fields);
    }
    if reading == Reading::AllWords && !c.phrase && !c.exclude {
        let mut terms: Vec<&str> = Vec::new();
        for w in words {
            if !terms.contains(&w.text.as_str()) {
                terms.push(&w.text);
            }
        }
        return combine(
            Occur::Must,
            terms.iter().map(|t| any_field(&text_fields, |field| word_term(analyzer, field, t))).collect(),
        );
    }
    let alternatives =
        variants(analyzer, &c.text, words).iter().filter_map(|v| phrase(analyzer, v, &text_fields)).collect();
    combine(Occur::Should, alternatives)
}

/// The queries joined by `occur` (all must match, or any): none → `None`, one → itself.
fn combine(occur: Occur, mut queries: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(Box::new(BooleanQuery::new(queries.into_iter().map(|q| (occur, q)).collect()))),
    }
}

/// `text` and its spellings with words replaced by their declared synonyms (年报 for 年度报告),
/// at most [`MAX_VARIANTS`]. A clause of one word needs none: the index holds a word's
/// synonyms at its place.
fn variants(analyzer: &Analyzer, text: &str, words: &[Segment]) -> Vec<String> {
    if words.len() < 2 {
        return vec![text.to_string()];
    }
    let mut out = vec![String::new()];
    let mut at = 0;
    for w in words {
        let gap = &text[at..w.from];
        let choices: Vec<&str> =
            std::iter::once(w.text.as_str()).chain(analyzer.synonyms_of(&w.text).iter().map(String::as_str)).collect();
        let mut next = Vec::with_capacity(out.len() * choices.len());
        for prefix in &out {
            for choice in &choices {
                if next.len() < MAX_VARIANTS {
                    next.push(format!("{prefix}{gap}{choice}"));
                }
            }
        }
        out = next;
        at = w.to;
    }
    for v in &mut out {
        v.push_str(&text[at..]);
    }
    out
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

/// One word anywhere: the word, or (when it has declared synonyms) the word standing where the
/// text says a synonym of it.
fn word_term(analyzer: &Analyzer, field: Field, word: &str) -> Box<dyn Query> {
    if analyzer.synonyms_of(word).is_empty() {
        return term(field, word);
    }
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, term(field, word)),
        (Occur::Should, term(field, &synonym_term(word))),
    ]))
}

/// `make(field)` in any of the fields (boosted), or just the one.
fn any_field(fields: &[(Field, f32)], make: impl Fn(Field) -> Box<dyn Query>) -> Box<dyn Query> {
    let boosted = |(field, boost): &(Field, f32)| -> Box<dyn Query> {
        let q = make(*field);
        if (*boost - 1.0).abs() > f32::EPSILON { Box::new(BoostQuery::new(q, *boost)) } else { q }
    };
    if fields.len() == 1 {
        return boosted(&fields[0]);
    }
    Box::new(BooleanQuery::new(fields.iter().map(|f| (Occur::Should, boosted(f))).collect()))
}

/// The words of `text` in order, at their character distances, in any of the fields.
///
/// Two words of two or more characters that meet are looked up as their pair term (indexed for
/// every such meeting, see [`Analyzer::index_segments`]), so the common two-word phrase is one
/// term; other words (single characters, words apart) keep their positions.
pub(crate) fn phrase(analyzer: &Analyzer, text: &str, fields: &[(Field, f32)]) -> Option<Box<dyn Query>> {
    let terms = phrase_terms(analyzer, text);
    let first = terms.first()?.0;
    if terms.len() == 1 {
        let word = terms[0].1.clone();
        return Some(any_field(fields, |field| word_term(analyzer, field, &word)));
    }
    Some(any_field(fields, |field| {
        let terms: Vec<(usize, Term)> =
            terms.iter().map(|(position, text)| (position - first, Term::from_field_text(field, text))).collect();
        Box::new(PhraseQuery::new_with_offset(terms))
    }))
}

/// The terms of a phrase at their character positions: each word, or the pair term of a word
/// and the next one where both are of two or more characters and meet; every word is covered by
/// one term.
pub(crate) fn phrase_terms(analyzer: &Analyzer, text: &str) -> Vec<(usize, String)> {
    terms_of(&analyzer.words(text))
}

/// [`phrase_terms`] of words already segmented.
fn terms_of(words: &[Segment]) -> Vec<(usize, String)> {
    let long = |i: usize| words[i].text.chars().count() >= 2;
    let meets = |i: usize| words[i].position + words[i].text.chars().count() == words[i + 1].position;
    let mut terms = Vec::with_capacity(words.len());
    let mut covered = false;
    for i in 0..words.len() {
        if i + 1 < words.len() && long(i) && long(i + 1) && meets(i) {
            terms.push((words[i].position, pair_term(&words[i].text, &words[i + 1].text)));
            covered = true;
        } else if !std::mem::replace(&mut covered, false) {
            terms.push((words[i].position, words[i].text.clone()));
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_language() {
        let c = |exclude, target, text: &str, phrase| Clause { exclude, target, text: text.into(), phrase };
        let cases: Vec<(&str, Vec<Clause>)> = vec![
            ("信息公开年报", vec![c(false, Target::Any, "信息公开年报", false)]),
            ("\"政务公开\" 通知", vec![c(false, Target::Any, "政务公开", true), c(false, Target::Any, "通知", false)]),
            ("標題：隨縣", vec![c(false, Target::Title, "随县", false)]),
            (
                "文号:国办发〔2019〕 -废止",
                vec![c(false, Target::DocNumber, "国办发〔2019〕", false), c(true, Target::Any, "废止", false)],
            ),
            ("索引号:DEMO/2024-00001", vec![c(false, Target::IndexNo, "demo/2024-00001", false)]),
            ("标题:“工作要点”", vec![c(false, Target::Title, "工作要点", true)]),
            ("ratio:1 \"未闭合", vec![c(false, Target::Any, "ratio:1", false), c(false, Target::Any, "未闭合", true)]),
            ("   ", vec![]),
        ];
        for (q, want) in cases {
            assert_eq!(clauses(q), want, "{q}");
        }
    }
}
