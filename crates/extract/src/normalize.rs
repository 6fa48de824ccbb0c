//! Text normalisation before matching: Traditional → Simplified, full-width → half-width,
//! quotes, pinyin annotations, white space.

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

/// Folds text into the form labels are matched in. Build once; it holds the OpenCC tables.
pub struct Normalizer {
    t2s: Option<OpenCC>,
}

impl Normalizer {
    pub fn new() -> Self {
        // The built-in tables are compiled into the crate; failure would be a packaging bug,
        // and the reader still works on Simplified text without them.
        Normalizer { t2s: OpenCC::from_config(BuiltinConfig::T2s).ok() }
    }

    /// Normalises one line (see [`crate::doc::Line::text`]).
    pub fn normalize(&self, s: &str) -> String {
        let folded = fold_width(&strip_pinyin(s));
        let simplified = match &self.t2s {
            Some(cc) if has_non_ascii(&folded) => cc.convert(&folded),
            _ => folded,
        };
        collapse_spaces(&simplified)
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Self::new()
    }
}

fn has_non_ascii(s: &str) -> bool {
    !s.is_ascii()
}

/// Full-width ASCII forms (０-９, Ａ-Ｚ, （）, ：, ，…) to half-width; ideographic space to space;
/// curly quotes to straight; various dashes kept as they are.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' | '\u{FEFF}' => ' ',
            '“' | '”' | '〝' | '〞' => '"',
            '‘' | '’' => '\'',
            _ => c,
        })
        .collect()
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Removes inline pinyin annotations that some mirrors insert after characters, as in
/// "據(jù)" or "開(kāi)": a parenthesised run of lowercase Latin letters, at least one with a
/// tone mark or ü, directly after a CJK character.
pub fn strip_pinyin(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '(' || c == '（') && i > 0 && is_cjk(chars[i - 1]) {
            let close = chars[i + 1..].iter().take(8).position(|&x| x == ')' || x == '）');
            if let Some(len) = close {
                let inner = &chars[i + 1..i + 1 + len];
                if !inner.is_empty() && inner.iter().all(|&x| is_pinyin_letter(x)) && inner.iter().any(|&x| is_toned(x))
                {
                    i += len + 2;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || is_toned(c)
}

fn is_toned(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_pinyin_annotations_but_keeps_real_brackets() {
        assert_eq!(strip_pinyin("根據(jù)《條例》"), "根據《條例》");
        assert_eq!(strip_pinyin("公開(kāi)工作"), "公開工作");
        assert_eq!(strip_pinyin("情況(一)"), "情況(一)");
        assert_eq!(strip_pinyin("網站(http)"), "網站(http)");
    }

    #[test]
    fn folds_width_and_quotes() {
        assert_eq!(fold_width("（一）１２３：“三安全一稳定”"), "(一)123:\"三安全一稳定\"");
    }

    #[test]
    fn converts_traditional_to_simplified() {
        let n = Normalizer::new();
        assert_eq!(n.normalize("隨縣人民政府  政府信息公開"), "随县人民政府 政府信息公开");
        assert_eq!(n.normalize("根據(jù)《條例》"), "根据《条例》");
    }
}
