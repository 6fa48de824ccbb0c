//! Control characters in text from the public: stripped where it comes in, escaped where it goes
//! out to a terminal or a log, so nobody can forge a log line or send escape sequences to a clerk.

use std::borrow::Cow;

/// `s` without control characters (C0, DEL and C1). Multi-line fields (`multiline`) keep line
/// breaks and tabs, with `\r\n` and lone `\r` made `\n`; single-line fields lose them too.
pub fn strip_controls(s: &str, multiline: bool) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let unified = if multiline { s.replace("\r\n", "\n").replace('\r', "\n") } else { s.to_string() };
    Cow::Owned(unified.chars().filter(|c| !c.is_control() || (multiline && matches!(c, '\n' | '\t'))).collect())
}

/// `s` with every control character written as a visible escape (`\n`, `\u{1b}` …): for text
/// printed on a terminal or written to a log, where one stored string must stay one line.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_stripped_on_the_way_in() {
        let table: [(&str, bool, &str); 7] = [
            ("普通文本", false, "普通文本"),
            ("a\u{1b}[31mred", false, "a[31mred"),
            ("line\nforged", false, "lineforged"),
            ("第一行\r\n第二行\r第三行", true, "第一行\n第二行\n第三行"),
            ("tab\there", true, "tab\there"),
            ("nul\0del\u{7f}c1\u{9b}", true, "nuldelc1"),
            ("\u{7}", false, ""),
        ];
        for (input, multiline, want) in table {
            assert_eq!(strip_controls(input, multiline), want, "{input:?}");
        }
    }

    #[test]
    fn control_characters_are_escaped_on_the_way_out() {
        assert_eq!(escape_controls("张三"), "张三");
        assert_eq!(escape_controls("x\n2026-01-01 INFO forged"), "x\\n2026-01-01 INFO forged");
        assert_eq!(escape_controls("\u{1b}[2J"), "\\u{1b}[2J");
        assert!(matches!(escape_controls("clean"), Cow::Borrowed(_)));
    }
}
