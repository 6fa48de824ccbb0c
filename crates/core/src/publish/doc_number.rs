//! 文号 (document number) normalisation: the year in 六角括号 〔〕 as GB/T 9704 writes it,
//! half-width digits, no spaces, no leading zeros in the serial.

use super::text::fold_width;

/// Normalises a 文号: `示政办发[2024]012号`, `示政办发（２０２４） 12 号` and `示政办发〔2024〕12号`
/// all become `示政办发〔2024〕12号`. Numbers of other forms (`国务院令第722号`) keep their shape;
/// only widths and spaces are folded. Returns `None` for an empty input.
pub fn normalize_doc_number(raw: &str) -> Option<String> {
    let folded: String = fold_width(raw).chars().filter(|c| !c.is_whitespace()).collect();
    if folded.is_empty() {
        return None;
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A bracketed four-digit year: any of [] () 【】 〔〕 ［］ （） 〈〉 ｛｝ {} around it.
        if is_open(c)
            && i + 5 < chars.len()
            && chars[i + 1..i + 5].iter().all(char::is_ascii_digit)
            && is_close(chars[i + 5])
        {
            out.push('〔');
            out.extend(&chars[i + 1..i + 5]);
            out.push('〕');
            i += 6;
            // The serial: drop leading zeros (keep one zero for “0号”).
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let trimmed = digits.trim_start_matches('0');
            out.push_str(if trimmed.is_empty() && !digits.is_empty() { "0" } else { trimmed });
            continue;
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

fn is_open(c: char) -> bool {
    matches!(c, '[' | '(' | '【' | '〔' | '（' | '〈' | '{' | '［' | '｛' | '<' | '《')
}

fn is_close(c: char) -> bool {
    matches!(c, ']' | ')' | '】' | '〕' | '）' | '〉' | '}' | '］' | '｝' | '>' | '》')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_widths_spaces_and_zeros_are_normalised() {
        let cases = [
            ("示政办发[2024]12号", "示政办发〔2024〕12号"),
            ("示政办发（２０２４） 012 号", "示政办发〔2024〕12号"),
            ("示政办发〔2024〕12号", "示政办发〔2024〕12号"),
            ("示政办发【2024】1号", "示政办发〔2024〕1号"),
            ("示财规(2023)0号", "示财规〔2023〕0号"),
            ("国务院令第722号", "国务院令第722号"),
            ("国办发〔2019〕", "国办发〔2019〕"),
            ("  ", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_doc_number(raw).unwrap_or_default(), want, "{raw}");
        }
    }
}
