//! Text normalisation before matching: Traditional → Simplified, full-width → half-width,
//! quotes, pinyin annotations, white space.
//!
//! It runs on every line of every document, so the common case (a Simplified line with no
//! brackets) costs one pass over the characters and one allocation. The OpenCC conversion runs
//! only on lines holding a character that T2s would change, decided by a bit set built once per
//! process from the conversion tables themselves.

use std::borrow::Cow;
use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

/// Folds text into the form labels are matched in. Cheap to build: the conversion tables are
/// loaded once per process and shared.
pub struct Normalizer {
    t2s: Option<&'static Converter>,
}

/// The OpenCC converter and the set of characters it changes.
struct Converter {
    cc: OpenCC,
    /// One bit per code point of [`TRAD_BASE`]..[`TRAD_END`]: set when T2s changes the character.
    changed: Box<[u64]>,
}

const TRAD_BASE: u32 = 0x3400;
const TRAD_END: u32 = 0xFB00;

fn converter() -> Option<&'static Converter> {
    static CONVERTER: OnceLock<Option<Converter>> = OnceLock::new();
    CONVERTER
        .get_or_init(|| {
            // The built-in tables are compiled into the crate; failure would be a packaging bug,
            // and the reader still works on Simplified text without them.
            let cc = OpenCC::from_config(BuiltinConfig::T2s).ok()?;
            let changed = changed_set(&cc);
            Some(Converter { cc, changed })
        })
        .as_ref()
}

/// Converts every character of the CJK blocks once (one call: characters separated by line
/// breaks, which no phrase spans) and records those that change.
fn changed_set(cc: &OpenCC) -> Box<[u64]> {
    let chars: Vec<char> = (TRAD_BASE..TRAD_END).filter_map(char::from_u32).collect();
    let mut joined = String::with_capacity(chars.len() * 4);
    for &c in &chars {
        joined.push(c);
        joined.push('\n');
    }
    let converted = cc.convert(&joined);
    let mut bits = vec![0u64; ((TRAD_END - TRAD_BASE) as usize).div_ceil(64)].into_boxed_slice();
    let pieces: Vec<&str> = converted.split('\n').collect();
    if pieces.len() != chars.len() + 1 {
        // Unexpected shape: mark everything, so conversion runs on every CJK line (correct, slower).
        bits.iter_mut().for_each(|b| *b = u64::MAX);
        return bits;
    }
    for (&c, piece) in chars.iter().zip(&pieces) {
        let mut it = piece.chars();
        if !(it.next() == Some(c) && it.next().is_none()) {
            let i = (c as u32 - TRAD_BASE) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
}

impl Converter {
    /// Whether T2s would change anything in `s` (characters outside the table's range, in the
    /// supplementary planes, are sent to conversion to be safe).
    fn needed(&self, s: &str) -> bool {
        s.chars().any(|c| {
            let u = c as u32;
            if (TRAD_BASE..TRAD_END).contains(&u) {
                let i = (u - TRAD_BASE) as usize;
                self.changed[i / 64] & (1 << (i % 64)) != 0
            } else {
                u >= 0x20000
            }
        })
    }
}

/// Words that Traditional gateways of government sites print in Taiwan's vocabulary (their
/// converters swap phrases, not only characters: 信息 becomes 資訊, 项目 專案), after T2s,
/// with the mainland word a report's labels use.
const TAIWAN_VOCABULARY: &[(&str, &str)] = &[
    ("资讯", "信息"),
    ("专案", "项目"),
    ("规范性档案", "规范性文件"),
    ("公开档案", "公开文件"),
    ("政府线上", "政府在线"),
    ("线上访谈", "在线访谈"),
    ("入口网站", "门户网站"),
    ("新闻释出会", "新闻发布会"),
    ("网际网路", "互联网"),
    ("网路", "网络"),
    ("透过", "通过"),
    // 谘 is the Traditional texts' form of 咨 in 咨询 (T2s keeps it).
    ("谘询", "咨询"),
];

fn mainland_vocabulary(mut s: String) -> String {
    for (taiwan, mainland) in TAIWAN_VOCABULARY {
        if s.contains(taiwan) {
            s = s.replace(taiwan, mainland);
        }
    }
    s
}

impl Normalizer {
    pub fn new() -> Self {
        Normalizer { t2s: converter() }
    }

    /// Normalises one line (see [`crate::doc::Line::text`]).
    pub fn normalize(&self, s: &str) -> String {
        let stripped = if s.contains(['(', '（']) { Cow::Owned(strip_pinyin(s)) } else { Cow::Borrowed(s) };
        let out = fold_and_collapse(&stripped);
        match self.t2s {
            // T2s never maps to white space or ASCII, so collapsing before converting is safe.
            Some(conv) if !out.is_ascii() && conv.needed(&out) => mainland_vocabulary(conv.cc.convert(&out)),
            _ => out,
        }
    }

    /// Whether the line holds a character that Traditional → Simplified conversion changes.
    pub fn has_traditional(&self, s: &str) -> bool {
        self.t2s.is_some_and(|c| c.needed(s))
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Self::new()
    }
}

/// CJK Radicals Supplement characters that stand for whole (simplified) ideographs; unlike the
/// Kangxi radicals they have no compatibility mapping in Unicode.
const RADICAL_IDEOGRAPHS: &[(char, char)] = &[
    ('⺟', '母'),
    ('⺠', '民'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻘', '青'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// The ideograph a radical or compatibility character is printed for: PDFs whose fonts map
/// glyphs to the Kangxi radicals (Chromium's print of a page gives "⼯作" for 工作, "⼈⺠" for
/// 人民), or to CJK compatibility ideographs. No one types these; read as the ideographs.
pub(crate) fn radical_as_ideograph(c: char) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    match c {
        '\u{2F00}'..='\u{2FD5}' | '\u{F900}'..='\u{FAFF}' => {
            let mut it = std::iter::once(c).nfkc();
            match (it.next(), it.next()) {
                (Some(d), None) if d != c => Some(d),
                _ => None,
            }
        }
        '\u{2E80}'..='\u{2EFF}' => RADICAL_IDEOGRAPHS.iter().find(|(r, _)| *r == c).map(|(_, i)| *i),
        _ => None,
    }
}

/// Maps one character as [`fold_width`] does.
#[inline]
fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => radical_as_ideograph(c).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' | '\u{FEFF}' => ' ',
        '“' | '”' | '〝' | '〞' => '"',
        '‘' | '’' => '\'',
        _ => c,
    }
}

/// Full-width ASCII forms (０-９, Ａ-Ｚ, （）, ：, ，…) to half-width; ideographic space to space;
/// curly quotes to straight; radicals printed for ideographs to the ideographs; various dashes
/// kept as they are.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Folds widths and collapses white space (trimmed, runs to one space) in one pass.
fn fold_and_collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = fold_char(c);
        if c.is_whitespace() || c == '\u{200B}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Removes inline pinyin annotations that some mirrors insert after characters, as in
/// "據(jù)" or "開(kāi)": a parenthesised run of lowercase Latin letters, at least one with a
/// tone mark or ü, directly after a CJK character.
pub fn strip_pinyin(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if (c == '(' || c == '（')
            && prev.is_some_and(is_cjk)
            && let Some(skip) = pinyin_annotation_len(after)
        {
            rest = &after[skip..];
            continue;
        }
        out.push(c);
        prev = Some(c);
        rest = after;
    }
    out
}

/// When `s` starts with "pinyin)" (up to 7 letters), the byte length including the bracket.
fn pinyin_annotation_len(s: &str) -> Option<usize> {
    let mut toned = false;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if c == ')' || c == '）' {
            return (n > 0 && toned).then_some(i + c.len_utf8());
        }
        if n >= 7 || !is_pinyin_letter(c) {
            return None;
        }
        toned |= is_toned(c);
    }
    None
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || is_toned(c)
}

const TONED: [char; 29] = [
    'ā', 'á', 'ǎ', 'à', 'ē', 'é', 'ě', 'è', 'ī', 'í', 'ǐ', 'ì', 'ō', 'ó', 'ǒ', 'ò', 'ū', 'ú', 'ǔ', 'ù', 'ǖ', 'ǘ', 'ǚ',
    'ǜ', 'ü', 'ń', 'ň', 'ǹ', 'ḿ',
];

fn is_toned(c: char) -> bool {
    !c.is_ascii() && TONED.contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_pinyin_annotations_but_keeps_real_brackets() {
        assert_eq!(strip_pinyin("根據(jù)《條例》"), "根據《條例》");
        assert_eq!(strip_pinyin("公開(kāi)工作"), "公開工作");
        assert_eq!(strip_pinyin("公開（kāi）工作"), "公開工作");
        assert_eq!(strip_pinyin("情況(一)"), "情況(一)");
        assert_eq!(strip_pinyin("網站(http)"), "網站(http)");
        assert_eq!(strip_pinyin("(jù)開头"), "(jù)開头");
        assert_eq!(strip_pinyin("开(kāi"), "开(kāi");
        assert_eq!(strip_pinyin("开(zhuàngzhuàng)"), "开(zhuàngzhuàng)");
        assert_eq!(strip_pinyin("开()"), "开()");
        assert_eq!(strip_pinyin(""), "");
    }

    #[test]
    fn radicals_read_as_the_ideographs_they_print() {
        // Chromium's PDF of a report: Kangxi radicals and a radical of the supplement.
        assert_eq!(
            fold_width("⼀、本年新收政府信息公开申请数量 ⾏政许可 ⼈⺠ ⻓期"),
            "一、本年新收政府信息公开申请数量 行政许可 人民 长期"
        );
        assert_eq!(fold_width("⺀"), "⺀");
        assert_eq!(radical_as_ideograph('工'), None);
    }

    #[test]
    fn folds_width_and_quotes() {
        assert_eq!(fold_width("（一）１２３：“三安全一稳定”"), "(一)123:\"三安全一稳定\"");
        assert_eq!(fold_and_collapse("\u{3000}（一）\u{a0}\u{a0}１２３ \t 件\u{200b} "), "(一) 123 件");
        assert_eq!(fold_and_collapse("   "), "");
    }

    #[test]
    fn converts_traditional_to_simplified() {
        let n = Normalizer::new();
        assert_eq!(n.normalize("隨縣人民政府  政府信息公開"), "随县人民政府 政府信息公开");
        assert_eq!(n.normalize("根據(jù)《條例》"), "根据《条例》");
        assert_eq!(n.normalize("（二）依申請公開情況：１２件"), "(二)依申请公开情况:12件");
        assert_eq!(n.normalize("我辦共主動公開政府資訊19條"), "我办共主动公开政府信息19条");
        assert_eq!(n.normalize("資訊內容 | 上一年專案數量 | 本年增/減"), "信息内容 | 上一年项目数量 | 本年增/减");
        assert_eq!(n.normalize("規範性檔案 | 0 | 0 | 0"), "规范性文件 | 0 | 0 | 0");
        assert_eq!(n.normalize("舉辦線上訪談3次,新聞釋出會2場"), "举办在线访谈3次,新闻发布会2场");
    }

    #[test]
    fn simplified_lines_are_left_alone() {
        let n = Normalizer::new();
        assert!(!n.has_traditional("2019年上海市人民政府办公厅政府信息公开工作年度报告"));
        assert!(!n.has_traditional("收到和处理政府信息公开申请情况 | 自然人 | 商业企业 | 总计"));
        assert!(n.has_traditional("政府信息公開"));
        assert!(n.has_traditional("樂山市"));
        assert_eq!(n.normalize(" 规章 13  件 "), "规章 13 件");
    }

    #[test]
    fn changed_set_matches_conversion() {
        // Every character the set leaves out must convert to itself, so skipping is exact.
        let conv = converter().expect("tables");
        for c in
            "政府信息公开工作年度报告申请人情况自然人法人或其他组织商业企业科研机构社会公益组织法律服务机构".chars()
        {
            assert!(!conv.needed(&c.to_string()), "{c} wrongly marked");
        }
        for c in "開據條國門這與無對發處應復議訴請".chars() {
            assert!(conv.needed(&c.to_string()), "{c} missed");
        }
    }

    #[test]
    fn normaliser_is_fast_on_simplified_lines() {
        let n = Normalizer::new();
        let line = "2019年，上海市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导，（一）主动公开方面 13 件";
        let start = std::time::Instant::now();
        for _ in 0..20_000 {
            std::hint::black_box(n.normalize(std::hint::black_box(line)));
        }
        // 20k lines is a few hundred documents; generous bound for debug builds on slow CI.
        assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
    }
}
