//! Text analysis shared by indexing and querying: Traditional → Simplified folding (OpenCC
//! `T2s`, character level), full-width → half-width, lower case, then jieba segmentation with a
//! user dictionary of disclosure vocabulary and a few field synonyms (年报 = 年度报告).
//!
//! The same segmentation runs at index and at query time; the index also holds every dictionary
//! word, character and alphanumeric piece where it occurs, so a query's words are found wherever
//! the text holds them, whatever the documents' own segmentation.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy_jieba::jieba_rs::Jieba;

/// Terms of government information disclosure that the general dictionary splits or lacks.
/// One per line: the word, then optionally its frequency.
pub const USER_DICTIONARY: &str = include_str!("../data/user_dict.txt");

/// Groups of words that mean the same; a document containing one is found by any of them.
pub const SYNONYMS: &[&[&str]] = &[
    &["年度报告", "年报"],
    &["依申请公开", "依申请"],
    &["行政规范性文件", "规范性文件"],
    &["十四五", "第十四个五年规划"],
    &["老旧小区改造", "旧改"],
];

/// Character-level Traditional → Simplified map, built once from OpenCC's `T2s` tables.
fn t2s_map() -> &'static HashMap<char, char> {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        let Ok(cc) = OpenCC::from_config(BuiltinConfig::T2s) else {
            tracing::error!("OpenCC T2s tables failed to load; Traditional characters will not be folded");
            return HashMap::new();
        };
        // Every CJK ideograph of the BMP blocks, one per line, converted in one call: lines
        // keep phrase rules from reaching across characters, so this is a pure character map.
        let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
        let chars: Vec<char> = ranges.into_iter().flatten().filter_map(char::from_u32).collect();
        let mut joined = String::with_capacity(chars.len() * 4);
        for c in &chars {
            joined.push(*c);
            joined.push('\n');
        }
        let converted = cc.convert(&joined);
        let mut map = HashMap::new();
        for (orig, conv) in chars.iter().zip(converted.split('\n')) {
            let mut it = conv.chars();
            if let (Some(c), None) = (it.next(), it.next())
                && c != *orig
            {
                map.insert(*orig, c);
            }
        }
        map
    })
}

/// Folds one character: Traditional → Simplified, full-width → half-width, lower case.
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => {
            let h = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            h.to_ascii_lowercase()
        }
        c if (c as u32) < 0x3400 => c,
        c => t2s_map().get(&c).copied().unwrap_or(c),
    }
}

/// Folds a whole string (same number of characters).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// One segment of analysed text: the folded word, its character position, and the byte range
/// it covers in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub position: usize,
    pub from: usize,
    pub to: usize,
}

/// Joins the two words of a pair term: a control character, never part of a query word.
const PAIR_SEPARATOR: char = '\u{1f}';

/// Marks the index term of a declared synonym standing at the place of the word it replaces
/// (依申请公开 where the text says 依申请): only a query of that one word looks it up. In a
/// phrase its length is not the printed word's, so the next word's distance would be wrong
/// ("依申请公开政" would match 依申请提供政府); phrases spell their synonyms out instead.
const SYNONYM_MARK: char = '\u{1e}';

/// The index term of `word` standing as a declared synonym of another word; see [`SYNONYM_MARK`].
pub fn synonym_term(word: &str) -> String {
    let mut s = String::with_capacity(word.len() + 1);
    s.push(SYNONYM_MARK);
    s.push_str(word);
    s
}

/// The term standing for word `a` immediately followed by word `b` (both of two or more
/// characters); see [`Analyzer::index_segments`].
pub fn pair_term(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    s.push(PAIR_SEPARATOR);
    s.push_str(b);
    s
}

/// Alphanumeric runs (numbers, codes, Latin words) longer than this index their substrings only
/// up to this length; the whole run is always indexed.
const MAX_RUN_PIECE: usize = 16;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// A character of an alphanumeric run: a letter or digit that is not a CJK ideograph.
fn is_run_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// The shared analyser: a jieba instance with the user dictionary, and the synonym table.
#[derive(Clone)]
pub struct Analyzer {
    jieba: Arc<Jieba>,
    synonyms: Arc<HashMap<String, Vec<String>>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").finish_non_exhaustive()
    }
}

/// Collects the segments of one text in index mode; see [`Analyzer::index_segments`].
struct Collector<'a> {
    offsets: &'a [usize],
    synonyms: &'a HashMap<String, Vec<String>>,
    out: Vec<Segment>,
    /// Literal words of two or more characters that may meet another: (first char, end char, text).
    spans: Vec<(usize, usize, String)>,
}

impl Collector<'_> {
    fn emit(&mut self, word: &str, c0: usize, c1: usize, pairable: bool) {
        let seg = Segment { text: word.to_string(), position: c0, from: self.offsets[c0], to: self.offsets[c1] };
        if let Some(others) = self.synonyms.get(word) {
            for o in others {
                self.out.push(Segment { text: synonym_term(o), ..seg.clone() });
            }
        }
        if pairable && c1 - c0 >= 2 {
            self.spans.push((c0, c1, word.to_string()));
        }
        self.out.push(seg);
    }
}

impl Analyzer {
    /// The process-wide analyser (the dictionary takes a moment to load; load it once).
    pub fn shared() -> Analyzer {
        static SHARED: OnceLock<Analyzer> = OnceLock::new();
        SHARED.get_or_init(Analyzer::build).clone()
    }

    fn build() -> Analyzer {
        let mut jieba = Jieba::new();
        for line in USER_DICTIONARY.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(word) = parts.next() else { continue };
            let word = fold(word);
            let freq = parts.next().and_then(|f| f.parse().ok()).unwrap_or(0).max(jieba.suggest_freq(&word));
            jieba.add_word(&word, Some(freq), None);
        }
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
        for group in SYNONYMS {
            for word in *group {
                let others = group.iter().filter(|w| *w != word).map(|w| w.to_string()).collect();
                synonyms.insert(word.to_string(), others);
                if !jieba.has_word(word) {
                    let freq = jieba.suggest_freq(word);
                    jieba.add_word(word, Some(freq), None);
                }
            }
        }
        // Make sure the first use does not pay for the character map.
        let _ = t2s_map();
        Analyzer { jieba: Arc::new(jieba), synonyms: Arc::new(synonyms) }
    }

    /// The words of `text` as a query reads them: jieba's segmentation (dictionary only, no HMM
    /// guessing, so a word segments the same alone as in context), punctuation and spaces
    /// dropped, positions in characters of the text.
    pub fn words(&self, text: &str) -> Vec<Segment> {
        let (folded, offsets) = fold_with_offsets(text);
        self.jieba
            .cut(&folded, false)
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .map(|t| Segment {
                text: t.word.to_string(),
                position: t.start,
                from: offsets[t.start],
                to: offsets[t.end],
            })
            .collect()
    }

    /// What the index stores for `text`, in position order. Besides jieba's words (and their
    /// declared synonyms at the same place) it holds every occurrence of every dictionary
    /// word, every CJK character, and every piece of an alphanumeric run, so that any string a
    /// query segments into words is found wherever it occurs: 公开指南 inside 政府信息公开指南,
    /// 信息公开 across 政务信息|公开, 024 inside 2024. Then a pair term (see [`pair_term`])
    /// wherever a word of two or more characters ends exactly where another begins, at the
    /// first word's position: a run of words is looked up as pair terms instead of checking
    /// the positions of two very common words in every document holding both; since every such
    /// meeting is indexed, the two give the same matches.
    pub fn index_segments(&self, text: &str) -> Vec<Segment> {
        self.analyse(text, true)
    }

    /// [`Analyzer::index_segments`] without the pair terms.
    pub fn pieces(&self, text: &str) -> Vec<Segment> {
        self.analyse(text, false)
    }

    fn analyse(&self, text: &str, pairs: bool) -> Vec<Segment> {
        let (folded, offsets) = fold_with_offsets(text);
        let mut c = Collector { offsets: &offsets, synonyms: &self.synonyms, out: Vec::new(), spans: Vec::new() };
        // jieba's own words (the whole alphanumeric runs among them).
        for t in self.jieba.cut(&folded, false) {
            if t.word.chars().any(char::is_alphanumeric) {
                c.emit(t.word, t.start, t.end, t.word.chars().any(is_cjk));
            }
        }
        // Every dictionary word wherever it occurs (jieba's full mode walks the dictionary
        // from every character), and every CJK character.
        for t in self.jieba.cut_all(&folded) {
            if t.end - t.start >= 2 && t.word.chars().all(is_cjk) {
                c.emit(t.word, t.start, t.end, true);
            }
        }
        let chars: Vec<char> = folded.chars().collect();
        let mut buf = [0u8; 4];
        for (i, ch) in chars.iter().enumerate() {
            if is_cjk(*ch) {
                c.emit(ch.encode_utf8(&mut buf), i, i + 1, false);
            }
        }
        // Every piece of an alphanumeric run; those touching the run's ends may meet a word.
        let mut i = 0;
        while i < chars.len() {
            if !is_run_char(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && is_run_char(chars[i]) {
                i += 1;
            }
            let end = i;
            let mut piece = String::new();
            for a in start..end {
                for b in a + 1..=end.min(a + MAX_RUN_PIECE) {
                    piece.clear();
                    piece.extend(&chars[a..b]);
                    c.emit(&piece, a, b, a == start || b == end);
                }
            }
            if end - start > MAX_RUN_PIECE {
                piece.clear();
                piece.extend(&chars[start..end]);
                c.emit(&piece, start, end, true);
            }
        }
        let Collector { mut out, spans, .. } = c;
        if pairs {
            // Every word ending at a character boundary meets every word starting there (two
            // pieces of one alphanumeric run excepted: a query never splits a run).
            let mut starting: HashMap<usize, Vec<usize>> = HashMap::new();
            for (i, (c0, _, _)) in spans.iter().enumerate() {
                starting.entry(*c0).or_default().push(i);
            }
            let run = |w: &str| !w.chars().any(is_cjk);
            for (a0, a1, a) in &spans {
                for &j in starting.get(a1).map(Vec::as_slice).unwrap_or_default() {
                    let (_, b1, b) = &spans[j];
                    if run(a) && run(b) {
                        continue;
                    }
                    out.push(Segment { text: pair_term(a, b), position: *a0, from: offsets[*a0], to: offsets[*b1] });
                }
            }
        }
        // tantivy wants the positions of a term in increasing order.
        out.sort_by(|a, b| a.position.cmp(&b.position).then(b.to.cmp(&a.to)).then(a.text.cmp(&b.text)));
        out.dedup_by(|a, b| a.position == b.position && a.text == b.text);
        out
    }

    /// The declared synonyms of `word` (empty for most words).
    pub fn synonyms_of(&self, word: &str) -> &[String] {
        self.synonyms.get(word).map(Vec::as_slice).unwrap_or_default()
    }
}

/// `text` folded (see [`fold_char`]), with the byte offset in `text` of every character of the
/// folded string and of its end (folding keeps the number of characters).
fn fold_with_offsets(text: &str) -> (String, Vec<usize>) {
    let mut offsets: Vec<usize> = Vec::with_capacity(text.len() + 1);
    let mut folded = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        offsets.push(i);
        folded.push(fold_char(c));
    }
    offsets.push(text.len());
    (folded, offsets)
}

/// The tantivy tokenizer over [`Analyzer::index_segments`].
#[derive(Clone, Debug)]
pub struct ChineseTokenizer {
    analyzer: Analyzer,
}

impl ChineseTokenizer {
    pub fn new(analyzer: Analyzer) -> ChineseTokenizer {
        ChineseTokenizer { analyzer }
    }
}

pub struct SegmentStream {
    tokens: Vec<Token>,
    index: usize,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = SegmentStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SegmentStream {
        let tokens = self
            .analyzer
            .index_segments(text)
            .into_iter()
            .map(|s| Token {
                offset_from: s.from,
                offset_to: s.to,
                position: s.position,
                text: s.text,
                position_length: 1,
            })
            .collect();
        SegmentStream { tokens, index: 0 }
    }
}

/// The tokenizer of highlighting: finds only the given index terms (words, their synonyms,
/// pair terms) in a text, by a plain scan of the folded text. A page of hits is highlighted
/// without analysing every document shown in full, which cost a millisecond per query.
#[derive(Clone, Debug)]
pub struct HighlightTokenizer {
    /// Each term with the strings that stand for it in a folded text.
    terms: Arc<Vec<(String, Vec<String>)>>,
}

impl HighlightTokenizer {
    pub fn new(analyzer: &Analyzer, terms: impl IntoIterator<Item = String>) -> HighlightTokenizer {
        let terms = terms
            .into_iter()
            .map(|t| {
                let spellings = if t.contains(PAIR_SEPARATOR) {
                    vec![t.replace(PAIR_SEPARATOR, "")]
                } else {
                    let word = t.strip_prefix(SYNONYM_MARK).unwrap_or(&t);
                    std::iter::once(word.to_string()).chain(analyzer.synonyms_of(word).iter().cloned()).collect()
                };
                (t, spellings)
            })
            .collect();
        HighlightTokenizer { terms: Arc::new(terms) }
    }
}

impl Tokenizer for HighlightTokenizer {
    type TokenStream<'a> = SegmentStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SegmentStream {
        let (folded, offsets) = fold_with_offsets(text);
        let starts: Vec<usize> = folded.char_indices().map(|(i, _)| i).collect();
        // One nameless token per character gives the snippet its context: tantivy's fragments
        // run from token to token.
        let mut tokens: Vec<Token> = (0..starts.len())
            .map(|c| Token {
                offset_from: offsets[c],
                offset_to: offsets[c + 1],
                position: c,
                text: String::new(),
                position_length: 1,
            })
            .collect();
        for (term, spellings) in self.terms.iter() {
            for spelling in spellings.iter().filter(|s| !s.is_empty()) {
                let len = spelling.chars().count();
                for (at, _) in folded.match_indices(spelling.as_str()) {
                    let Ok(c0) = starts.binary_search(&at) else { continue };
                    tokens.push(Token {
                        offset_from: offsets[c0],
                        offset_to: offsets[c0 + len],
                        position: c0,
                        text: term.clone(),
                        position_length: 1,
                    });
                }
            }
        }
        tokens.sort_by_key(|t| (t.position, t.offset_to));
        SegmentStream { tokens, index: 0 }
    }
}

impl TokenStream for SegmentStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_folds_to_simplified_character_by_character() {
        let cases = [
            ("隨縣", "随县"),
            ("政府資訊公開條例", "政府资讯公开条例"),
            ("檔案管理，臺灣發展", "档案管理,台湾发展"),
            ("ＰＤＦ附件（１）", "pdf附件(1)"),
            ("已经是简体", "已经是简体"),
        ];
        for (t, s) in cases {
            assert_eq!(fold(t), s, "{t}");
        }
    }

    fn words(text: &str, index: bool) -> Vec<String> {
        let a = Analyzer::shared();
        let segs = if index { a.pieces(text) } else { a.words(text) };
        segs.into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn field_vocabulary_stays_whole_and_queries_segment_like_documents() {
        let doc = words("示例市2024年政府信息公开工作年度报告", true);
        for w in ["政府信息公开", "信息公开", "年度报告", "2024"] {
            assert!(doc.contains(&w.to_string()), "{w} in {doc:?}");
        }
        let q = words("信息公开年报", false);
        assert_eq!(q, ["信息公开", "年报"]);
        assert!(words("依申请公开", false) == vec!["依申请公开"]);
    }

    #[test]
    fn every_occurrence_of_a_query_word_is_indexed() {
        // (text, word that jieba's segmentation of the text does not produce there)
        let cases = [
            ("政府信息公开指南", "公开指南"),
            ("政府信息公开目录", "公开目录"),
            ("根据行政许可法规定", "行政许可"),
            ("办理行政诉讼案件", "行政诉讼"),
            ("加强政务信息公开", "信息公开"),
            ("2024年", "024"),
            ("示政办发〔2024〕12号", "12"),
        ];
        for (text, word) in cases {
            let pieces = words(text, true);
            assert!(pieces.contains(&word.to_string()), "{word} in {pieces:?}");
        }
    }

    #[test]
    fn segments_point_into_the_original_text() {
        let text = "關於隨縣ＡＢＣ的通知";
        // (No synonym here: a synonym stands at the place of the word it replaces.)
        for s in Analyzer::shared().index_segments(text) {
            let orig = &text[s.from..s.to];
            if !s.text.contains(PAIR_SEPARATOR) && !s.text.starts_with(SYNONYM_MARK) {
                assert_eq!(fold(orig), s.text.clone(), "{s:?}");
            }
        }
    }
}
