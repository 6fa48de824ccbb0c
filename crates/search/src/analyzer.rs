//! Text analysis shared by indexing and querying: Traditional → Simplified folding (OpenCC
//! `T2s`, character level), full-width → half-width, lower case, then jieba segmentation with a
//! user dictionary of disclosure vocabulary and a few field synonyms (年报 = 年度报告).
//!
//! The same [`Analyzer`] runs at index and at query time, so a query typed without spaces is
//! segmented exactly as the documents were.

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
const SYNONYMS: &[&[&str]] = &[
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

/// The term standing for word `a` immediately followed by word `b` (both of two or more
/// characters); see [`Analyzer::index_segments`].
pub fn pair_term(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    s.push(PAIR_SEPARATOR);
    s.push_str(b);
    s
}

/// Words longer than this (characters) are not split further.
const MAX_SPLIT: usize = 12;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
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

    /// Segments `text` with jieba (dictionary only, no HMM guessing, so a word segments the
    /// same alone as in context). In `search` mode (indexing) every word also yields the
    /// dictionary words inside it and its single characters (政府信息公开 → 政府, 信息, 公开,
    /// 信息公开, 政, 府 …), so a query word found anywhere inside a document word matches.
    /// Punctuation and spaces are dropped; with `synonyms` the other members of a synonym group
    /// are added at the same place. Segments come in position order.
    pub fn segments(&self, text: &str, search: bool, synonyms: bool) -> Vec<Segment> {
        self.analyse(text, search, synonyms, false)
    }

    /// The segments an index stores for `text`: search mode with synonyms, plus a pair term
    /// (see [`pair_term`]) wherever a word of two or more characters ends exactly where another
    /// begins, at the first word's position. A quoted phrase is then looked up as pair terms
    /// instead of checking the positions of two very common words in every document holding
    /// both; since every such meeting is indexed, the two give the same matches.
    pub fn index_segments(&self, text: &str) -> Vec<Segment> {
        self.analyse(text, true, true, true)
    }

    fn analyse(&self, text: &str, search: bool, synonyms: bool, pairs: bool) -> Vec<Segment> {
        // Folding keeps the number of characters: char index → original byte offset.
        let mut offsets: Vec<usize> = Vec::with_capacity(text.len() + 1);
        let mut folded = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            offsets.push(i);
            folded.push(fold_char(c));
        }
        offsets.push(text.len());
        let mut out = Vec::new();
        // Words of two or more characters as (first char, end char, text), for the pair terms.
        let mut spans: Vec<(usize, usize, String)> = Vec::new();
        let mut emit = |word: &str, c0: usize, c1: usize, out: &mut Vec<Segment>| {
            let seg = Segment { text: word.to_string(), position: c0, from: offsets[c0], to: offsets[c1] };
            if synonyms && let Some(others) = self.synonyms.get(word) {
                for o in others {
                    out.push(Segment { text: o.clone(), ..seg.clone() });
                }
            }
            if pairs && c1 - c0 >= 2 {
                spans.push((c0, c1, word.to_string()));
            }
            out.push(seg);
        };
        for t in self.jieba.cut(&folded, false) {
            if !t.word.chars().any(char::is_alphanumeric) {
                continue;
            }
            emit(t.word, t.start, t.end, &mut out);
            let n = t.end - t.start;
            if !search || !(2..=MAX_SPLIT).contains(&n) || !t.word.chars().all(is_cjk) {
                continue;
            }
            let chars: Vec<char> = t.word.chars().collect();
            let mut sub = String::with_capacity(t.word.len());
            for len in 1..n {
                for i in 0..=n - len {
                    sub.clear();
                    sub.extend(&chars[i..i + len]);
                    if len == 1 || self.jieba.has_word(&sub) {
                        emit(&sub, t.start + i, t.start + i + len, &mut out);
                    }
                }
            }
        }
        if pairs {
            // Every word ending at a character boundary meets every word starting there.
            let mut starting: HashMap<usize, Vec<usize>> = HashMap::new();
            for (i, (c0, _, _)) in spans.iter().enumerate() {
                starting.entry(*c0).or_default().push(i);
            }
            for (a0, a1, a) in &spans {
                for &j in starting.get(a1).map(Vec::as_slice).unwrap_or_default() {
                    let (_, b1, b) = &spans[j];
                    out.push(Segment { text: pair_term(a, b), position: *a0, from: offsets[*a0], to: offsets[*b1] });
                }
            }
        }
        // tantivy wants the positions of a term in increasing order.
        out.sort_by(|a, b| a.position.cmp(&b.position).then(b.to.cmp(&a.to)).then(a.text.cmp(&b.text)));
        out.dedup_by(|a, b| a.position == b.position && a.text == b.text);
        out
    }

    /// The distinct words of a plain query (the words alone, no parts, no synonyms): a
    /// document matches when it contains all of them.
    pub fn query_terms(&self, text: &str) -> Vec<String> {
        let mut terms: Vec<String> = Vec::new();
        for s in self.segments(text, false, false) {
            if !terms.contains(&s.text) {
                terms.push(s.text);
            }
        }
        terms
    }
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

    fn words(text: &str, search: bool) -> Vec<String> {
        Analyzer::shared().segments(text, search, false).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn field_vocabulary_stays_whole_and_queries_segment_like_documents() {
        let doc = words("示例市2024年政府信息公开工作年度报告", true);
        for w in ["政府信息公开", "信息公开", "年度报告", "2024"] {
            assert!(doc.contains(&w.to_string()), "{w} in {doc:?}");
        }
        let q = Analyzer::shared().query_terms("信息公开年报");
        assert!(q.contains(&"信息公开".to_string()) && q.contains(&"年报".to_string()), "{q:?}");
        assert!(words("依申请公开", false) == vec!["依申请公开"]);
    }

    #[test]
    fn segments_point_into_the_original_text() {
        let text = "關於隨縣ＡＢＣ的通知";
        for s in Analyzer::shared().segments(text, true, false) {
            let orig = &text[s.from..s.to];
            assert_eq!(fold(orig), s.text.clone(), "{s:?}");
        }
    }
}
