//! Numbers as printed: digits with separators and notes, Chinese numerals, "无" (none), blanks.

/// How a table cell reads as a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A number (count or amount) as printed.
    Number(f64),
    /// "—", "/", "-" used as not applicable, or empty: not stated.
    Blank,
    /// Text that is not a figure.
    Text,
}

/// Reads a (normalised) cell: "1,234", "0(无集采中心)", "9116.36", "—", "/", "".
pub fn parse_cell(cell: &str) -> Cell {
    let t = without_noise_mark(cell.trim());
    if NO_CHANGE.contains(&t) || NONE_WORDS.contains(&t) {
        return Cell::Number(0.0);
    }
    // (A lone "减" in 本年增/减 gives the direction and no figure.)
    if t.is_empty() || is_blank_mark(t) {
        return Cell::Blank;
    }
    if let Some(v) = net_change(t) {
        return Cell::Number(v);
    }
    // A 本年增/减 cell in words: "减少8" is -8, "增加3" is 3.
    if let Some((rest, sign)) = CHANGE_WORDS.iter().find_map(|(w, sign)| t.strip_prefix(w).map(|r| (r, *sign)))
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && let Cell::Number(v) = parse_cell(rest)
    {
        return Cell::Number(sign * v);
    }
    let mut digits = String::new();
    let mut chars = t.chars().peekable();
    if matches!(chars.peek(), Some('-')) {
        digits.push('-');
        chars.next();
    }
    let mut seen_digit = false;
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            digits.push(c);
            seen_digit = true;
        } else if c == '.' && seen_digit && !digits.contains('.') {
            digits.push(c);
        } else if c == ',' && seen_digit {
            // thousands separator
        } else {
            break;
        }
        chars.next();
    }
    if !seen_digit {
        return Cell::Text;
    }
    let rest: String = chars.collect();
    let rest = rest.trim();
    // A number followed by a unit or a bracketed note still reads as the number.
    let ok_rest = rest.is_empty()
        || rest.starts_with('(')
        || rest.starts_with('（')
        || ["件", "条", "个", "人", "次", "篇", "笔", "万元", "元", "%", "项"].iter().any(|u| rest.starts_with(u))
        || rest == "万";
    if !ok_rest {
        return Cell::Text;
    }
    match digits.trim_end_matches('.').parse::<f64>() {
        Ok(v) => Cell::Number(v),
        Err(_) => Cell::Text,
    }
}

/// A 本年增/减 cell that prints the items added and those taken away ("+(2) -(1)", "+3 -0"):
/// the change is their difference.
pub fn net_change(t: &str) -> Option<f64> {
    fn figure(s: &str) -> Option<(f64, &str)> {
        let s = s.trim_start();
        let (inner, rest) = match s.strip_prefix('(') {
            Some(r) => r.split_once(')')?,
            None => s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())),
        };
        let inner = inner.trim();
        // (Digits only: parse alone would take "+1" or "1e3".)
        let value = inner.parse().ok().filter(|_| inner.chars().all(|c| c.is_ascii_digit()))?;
        Some((value, rest))
    }
    let (added, rest) = figure(t.strip_prefix('+')?)?;
    let (removed, rest) = figure(rest.trim_start().strip_prefix('-')?)?;
    rest.trim().is_empty().then_some(added - removed)
}

/// "无" written in a count's cell: the count 0 ("行政许可 | 无 |").
pub const NONE_WORDS: &[&str] = &["无", "無"];

/// The marks a table prints in a cell it leaves blank: a dash, a slash, an underscore ("_" in
/// some copies, like "/"), a star.
pub fn is_blank_char(c: char) -> bool {
    matches!(c, '—' | '-' | '/' | '／' | '－' | '–' | '\\' | '―' | '─' | '_' | '＿' | '*')
}

/// A cell that holds only a blank mark ("/", "——"), or a lone "增"/"减" that gives the direction
/// of a 本年增/减 cell and no figure.
pub fn is_blank_mark(t: &str) -> bool {
    let mut chars = t.chars();
    let Some(first) = chars.next() else { return false };
    (is_blank_char(first) && chars.all(|c| c == first) && t.chars().count() <= 2) || matches!(t, "增" | "减")
}

/// Words that open a 本年增/减 cell written in words ("减少8", "增加3", "减3"), the longer
/// spelling first, with the sign each gives.
pub const CHANGE_WORDS: &[(&str, f64)] = &[("减少", -1.0), ("增加", 1.0), ("减", -1.0), ("增", 1.0)];

/// The words a 本年增/减 cell prints for a row that did not change ("未增未减"): the figure 0.
pub const NO_CHANGE: &[&str] = &["未增未减", "无增无减", "无增减", "未增减", "不增不减"];

/// `t` without a "?" in front of its figure ("? 0"): a non-breaking space or an unmappable
/// character that a copy turned into "?" (or U+FFFD) is noise, not text.
pub fn without_noise_mark(t: &str) -> &str {
    match t.strip_prefix(['?', '？', '\u{fffd}']).map(str::trim_start) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        // ("0?": the mark after the figure.)
        _ => match t.strip_suffix(['?', '？', '\u{fffd}']).map(str::trim_end) {
            Some(rest) if rest.ends_with(|c: char| c.is_ascii_digit()) => rest,
            _ => t,
        },
    }
}

/// Reads a Chinese numeral ("一", "两", "十二", "二十三", "一百零五") as a number.
pub fn chinese_numeral(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| -> Option<i64> {
        Some(match c {
            '零' | '〇' => 0,
            '一' | '壹' => 1,
            '二' | '两' | '贰' => 2,
            '三' | '叁' => 3,
            '四' | '肆' => 4,
            '五' | '伍' => 5,
            '六' | '陆' => 6,
            '七' | '柒' => 7,
            '八' | '捌' => 8,
            '九' | '玖' => 9,
            _ => return None,
        })
    };
    let mut total = 0i64;
    let mut section = 0i64;
    let mut current = 0i64;
    let mut any = false;
    for c in s.chars() {
        any = true;
        if let Some(d) = digit(c) {
            current = d;
        } else {
            let unit = match c {
                '十' | '拾' => 10,
                '百' | '佰' => 100,
                '千' | '仟' => 1000,
                '万' => 10_000,
                _ => return None,
            };
            if unit == 10_000 {
                section = (section + current) * unit;
                total += section;
                section = 0;
            } else {
                let c = if current == 0 && unit == 10 { 1 } else { current };
                section += c * unit;
            }
            current = 0;
        }
    }
    if !any {
        return None;
    }
    Some(total + section + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        let table: &[(&str, Cell)] = &[
            ("258", Cell::Number(258.0)),
            ("1,234", Cell::Number(1234.0)),
            ("9116.36", Cell::Number(9116.36)),
            ("0(雁峰区无集采中心)", Cell::Number(0.0)),
            ("12件", Cell::Number(12.0)),
            // 本年增/减 printed as the items added and taken away.
            ("+(0) -(0)", Cell::Number(0.0)),
            ("+(3) -(1)", Cell::Number(2.0)),
            ("+2 -5", Cell::Number(-3.0)),
            ("+(3) -(1) 项", Cell::Text),
            ("—", Cell::Blank),
            ("/", Cell::Blank),
            ("", Cell::Blank),
            ("-5", Cell::Number(-5.0)),
            ("规章", Cell::Text),
            ("2016年度", Cell::Text),
            // A non-breaking space copied as "?" before the figure.
            ("? 0", Cell::Number(0.0)),
            ("未增未减", Cell::Number(0.0)),
            ("?", Cell::Text),
            ("?号", Cell::Text),
            // ... or after it; "无" written for a count of none.
            ("0?", Cell::Number(0.0)),
            ("无", Cell::Number(0.0)),
            ("無", Cell::Number(0.0)),
            ("无法统计", Cell::Text),
            ("_", Cell::Blank),
            // 本年增/减 in words.
            ("减少8", Cell::Number(-8.0)),
            ("增加3", Cell::Number(3.0)),
            ("减", Cell::Blank),
            ("增加了", Cell::Text),
        ];
        for (input, want) in table {
            assert_eq!(parse_cell(input), *want, "{input}");
        }
    }

    #[test]
    fn chinese_numerals() {
        let table: &[(&str, i64)] =
            &[("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十三", 23), ("一百零五", 105), ("三千", 3000)];
        for (input, want) in table {
            assert_eq!(chinese_numeral(input), Some(*want), "{input}");
        }
        assert_eq!(chinese_numeral("个"), None);
    }
}
