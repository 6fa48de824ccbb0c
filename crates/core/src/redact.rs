//! Redaction proposals (区分处理): finding in a text the personal data a released document must
//! not show — resident ID numbers (with their check character and a real birth date), mobile
//! and fixed-line phone numbers, bank card numbers (Luhn), e-mail addresses, vehicle plates,
//! the names of the natural persons known to the case, and terms the handler adds — each with
//! its context and the legal ground to cite. A person confirms; the renderers write the copy.

use std::ops::Range;

use serde::Serialize;

/// What kind of data a proposal withholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 居民身份证号码
    ResidentId,
    /// 手机号码
    Mobile,
    /// 固定电话
    Landline,
    /// 银行卡号
    BankCard,
    /// 电子邮箱
    Email,
    /// 机动车号牌
    Plate,
    /// 自然人姓名 known to the case (applicant, third parties)
    Name,
    /// A term or pattern the handler typed
    Term,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::ResidentId => "身份证号码",
            Category::Mobile => "手机号码",
            Category::Landline => "固定电话",
            Category::BankCard => "银行卡号",
            Category::Email => "电子邮箱",
            Category::Plate => "车牌号码",
            Category::Name => "姓名",
            Category::Term => "指定内容",
        }
    }

    /// The ground to cite in the reply letter: personal privacy, whose disclosure would harm the
    /// third party's lawful rights (《条例》第十五条).
    pub fn ground(self) -> &'static str {
        "《中华人民共和国政府信息公开条例》第十五条（个人隐私）"
    }
}

/// One place to withhold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    pub category: Category,
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The text withheld.
    pub text: String,
    /// A few characters around it, for the person who confirms.
    pub context: String,
}

/// What the case knows that a pattern cannot: names of natural persons and handler's terms.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub names: Vec<String>,
    pub terms: Vec<String>,
    /// Patterns the handler typed (regular expressions, e.g. `地址：\S+号`); each match is a term.
    pub patterns: Vec<regex::Regex>,
}

impl Known {
    /// Reads the handler's lines: a line starting with `正则:` (or `正则：`) is a pattern, any
    /// other line of two or more characters a term. A pattern that does not compile is refused
    /// with the reason, naming the line.
    pub fn with_typed(mut self, lines: &str) -> Result<Known, String> {
        for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match line.strip_prefix("正则:").or_else(|| line.strip_prefix("正则：")) {
                Some(p) => {
                    let re = regex::RegexBuilder::new(p.trim())
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|e| format!("正则表达式“{}”有误：{e}", p.trim()))?;
                    self.patterns.push(re);
                }
                None if line.chars().count() >= 2 => self.terms.push(line.to_string()),
                None => {}
            }
        }
        Ok(self)
    }
}

/// Every proposal for `text`, in order, overlaps resolved in favour of the longer match.
pub fn propose(text: &str, known: &Known) -> Vec<Proposal> {
    let mut found: Vec<(Category, Range<usize>)> = Vec::new();
    digit_runs(text, &mut found);
    emails(text, &mut found);
    plates(text, &mut found);
    for re in &known.patterns {
        for m in re.find_iter(text).filter(|m| !m.as_str().trim().is_empty()) {
            found.push((Category::Term, m.range()));
        }
    }
    for (list, category) in [(&known.names, Category::Name), (&known.terms, Category::Term)] {
        for needle in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            for (at, m) in text.match_indices(needle) {
                found.push((category, at..at + m.len()));
            }
        }
    }
    // Longer first, then earlier: a kept range is never covered by another kept one.
    found.sort_by(|a, b| (b.1.len(), a.1.start).cmp(&(a.1.len(), b.1.start)));
    let mut kept: Vec<(Category, Range<usize>)> = Vec::new();
    for (c, r) in found {
        if !kept.iter().any(|(_, k)| k.start < r.end && r.start < k.end) {
            kept.push((c, r));
        }
    }
    kept.sort_by_key(|(_, r)| r.start);
    kept.into_iter()
        .map(|(category, range)| Proposal {
            category,
            text: text[range.clone()].to_string(),
            context: context(text, &range),
            range,
        })
        .collect()
}

/// Up to eight characters either side of `range`, the match marked 【】.
fn context(text: &str, range: &Range<usize>) -> String {
    let before: String = text[..range.start].chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = text[range.end..].chars().take(8).collect();
    format!("{before}【{}】{after}", &text[range.clone()])
}

/// Runs of ASCII digits (with `X` closing an ID, and `-` or spaces inside phone and card
/// numbers), classified by length and check rules. A run inside a longer number is never taken
/// for a shorter kind.
fn digit_runs(text: &str, out: &mut Vec<(Category, Range<usize>)>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric())) {
            i += 1;
            continue;
        }
        // The plain run of digits.
        let start = i;
        let mut end = i;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        let digits = &text[start..end];
        let next_is_word = |at: usize| at < b.len() && b[at].is_ascii_alphanumeric();
        match digits.len() {
            17 if end < b.len() && matches!(b[end], b'X' | b'x') && !next_is_word(end + 1) => {
                if resident_id_valid(&text[start..end + 1]) {
                    out.push((Category::ResidentId, start..end + 1));
                }
                end += 1;
            }
            18 if !next_is_word(end) && resident_id_valid(digits) => out.push((Category::ResidentId, start..end)),
            11 if !next_is_word(end) && digits.starts_with('1') && (b'3'..=b'9').contains(&b[start + 1]) => {
                out.push((Category::Mobile, start..end));
            }
            16..=19 if !next_is_word(end) && luhn(digits) => out.push((Category::BankCard, start..end)),
            3 | 4 if digits.starts_with('0') && end < b.len() && b[end] == b'-' => {
                // 区号-号码: 010-12345678, 0755-1234567
                let n_start = end + 1;
                let mut n_end = n_start;
                while n_end < b.len() && b[n_end].is_ascii_digit() {
                    n_end += 1;
                }
                if (7..=8).contains(&(n_end - n_start)) && !next_is_word(n_end) {
                    out.push((Category::Landline, start..n_end));
                    end = n_end;
                }
            }
            4 if !next_is_word(end) => {
                // Cards printed in groups of four: 6222 0212 3456 7890 123
                let mut j = end;
                let mut groups = vec![digits.to_string()];
                while j + 1 < b.len() && b[j] == b' ' && b[j + 1].is_ascii_digit() {
                    let g_start = j + 1;
                    let mut g_end = g_start;
                    while g_end < b.len() && b[g_end].is_ascii_digit() {
                        g_end += 1;
                    }
                    groups.push(text[g_start..g_end].to_string());
                    j = g_end;
                }
                let joined: String = groups.concat();
                if groups.len() >= 4 && (16..=19).contains(&joined.len()) && luhn(&joined) && !next_is_word(j) {
                    out.push((Category::BankCard, start..j));
                    end = j;
                }
            }
            _ => {}
        }
        i = end.max(i + 1);
    }
}

pub use crate::identity::resident_id_valid;

/// The Luhn check of bank card numbers.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

fn emails(text: &str, out: &mut Vec<(Category, Range<usize>)>) {
    let b = text.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'+');
    let domain = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && b[e - 1] == b'.' {
            e -= 1;
        }
        let host = &text[at + 1..e];
        if s < at && host.contains('.') && !host.starts_with('.') {
            out.push((Category::Email, s..e));
        }
    }
}

/// The one-character abbreviations of provinces on plates.
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

fn plates(text: &str, out: &mut Vec<(Category, Range<usize>)>) {
    for (at, c) in text.char_indices() {
        if !PLATE_PROVINCES.contains(c) {
            continue;
        }
        let rest = &text[at + c.len_utf8()..];
        let tail: Vec<u8> = rest.bytes().take_while(|b| b.is_ascii_alphanumeric()).collect();
        // 京A12345 (5 after the letter) or 粤B D12345 new-energy (6); the letter is a city code.
        if (6..=7).contains(&tail.len()) && tail[0].is_ascii_uppercase() && tail[1..].iter().any(u8::is_ascii_digit) {
            out.push((Category::Plate, at..at + c.len_utf8() + tail.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lines_are_terms_or_patterns() {
        let known = Known::default().with_typed("示例建设集团\n正则:地址：\\S+?号\n一\n").unwrap();
        assert_eq!((known.terms.len(), known.patterns.len()), (1, 1), "one-character lines are ignored");
        let text = "承建单位示例建设集团，地址：幸福路88号，联系人略。";
        let found: Vec<String> = propose(text, &known).into_iter().map(|p| p.text).collect();
        assert_eq!(found, ["示例建设集团", "地址：幸福路88号"]);
        let bad = Known::default().with_typed("正则:(未闭合").unwrap_err();
        assert!(bad.contains("正则表达式“(未闭合”有误"), "{bad}");
    }

    fn kinds(text: &str, known: &Known) -> Vec<(Category, String)> {
        propose(text, known).into_iter().map(|p| (p.category, p.text)).collect()
    }

    #[test]
    fn each_kind_is_found_with_its_check_and_lookalikes_are_not() {
        use Category::*;
        let none = Known::default();
        let cases: &[(&str, &[(Category, &str)])] = &[
            ("身份证号11010519491231002X，", &[(ResidentId, "11010519491231002X")]),
            ("号码110105194912310021", &[]), // wrong check character
            ("号码110105194902300028", &[]), // 2月30日 does not exist
            ("联系电话13812345678。", &[(Mobile, "13812345678")]),
            ("订单号213812345678999", &[]), // inside a longer number
            ("电话0755-83451234转", &[(Landline, "0755-83451234")]),
            ("卡号6222021234567890128", &[(BankCard, "6222021234567890128")]),
            ("卡号 6222 0212 3456 7890 128 。", &[(BankCard, "6222 0212 3456 7890 128")]),
            ("卡号6222021234567890129", &[]), // Luhn fails
            ("邮箱 zhang.san@example.com.cn。", &[(Email, "zhang.san@example.com.cn")]),
            ("车辆粤B12345违停", &[(Plate, "粤B12345")]),
            ("新能源车粤BD12345", &[(Plate, "粤BD12345")]),
            ("2023年收到申请12件", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(Category, String)> = want.iter().map(|(c, s)| (*c, s.to_string())).collect();
            assert_eq!(kinds(text, &none), want, "{text}");
        }
    }

    #[test]
    fn known_names_and_terms_are_found_and_overlaps_keep_the_longer() {
        let known =
            Known {
                names: vec!["张三".into(), " ".into()], terms: vec!["幸福小区3栋".into()], ..Known::default()
            };
        let got = propose("申请人张三，住幸福小区3栋，张三丰不是张三。", &known);
        let texts: Vec<&str> = got.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["张三", "幸福小区3栋", "张三", "张三"]);
        assert_eq!(got[0].context, "申请人【张三】，住幸福小区3栋");
        assert_eq!(got[0].category.ground(), "《中华人民共和国政府信息公开条例》第十五条（个人隐私）");
    }
}
