//! Character sets: BOM, declared charset (HTML meta), then detection (GBK/GB18030, Big5, UTF-8).

use encoding_rs::{Encoding, UTF_8};

/// How many bytes chardetng looks at; enough for a confident guess, bounded for speed.
const DETECT_LIMIT: usize = 256 * 1024;

/// Decodes bytes to text. `declared` is a charset label found in the document (HTML meta).
///
/// Order: BOM; then valid UTF-8 (Chinese sites often keep an old `gb2312` meta after re-saving
/// pages as UTF-8, and GBK text is practically never valid UTF-8); then the declared charset
/// when it decodes without errors; then chardetng's guess.
pub fn decode_text(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let declared = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())).filter(|e| *e != UTF_8);
    if let Some(enc) = declared {
        // A single-byte label (windows-1252, "iso-8859-1") on a Chinese page is a common
        // mislabel that decodes without errors into mojibake: let detection overrule it.
        let single_byte = enc.is_single_byte();
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        let overruled = single_byte && detect(bytes).is_some_and(is_cjk_encoding);
        if !had_errors && !overruled {
            return text.into_owned();
        }
    }
    let enc = detect(bytes).unwrap_or(encoding_rs::GB18030);
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// chardetng's guess over the first [`DETECT_LIMIT`] bytes.
fn detect(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let head = &bytes[..bytes.len().min(DETECT_LIMIT)];
    det.feed(head, head.len() == bytes.len());
    Some(det.guess(None, chardetng::Utf8Detection::Allow))
}

fn is_cjk_encoding(enc: &'static Encoding) -> bool {
    enc == encoding_rs::GBK
        || enc == encoding_rs::GB18030
        || enc == encoding_rs::BIG5
        || enc == encoding_rs::SHIFT_JIS
        || enc == encoding_rs::EUC_KR
        || enc == encoding_rs::EUC_JP
}

/// Finds a charset declared in the first 1024 bytes of an HTML document:
/// `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
pub fn sniff_html_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let mut from = 0;
    while let Some(pos) = find_ci(&head[from..], b"<meta") {
        let start = from + pos + 5;
        let end = head[start..].iter().position(|&b| b == b'>').map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(p) = find_ci(tag, b"charset") {
            let mut rest = &tag[p + 7..];
            rest = trim_start(rest);
            if let Some(r) = rest.strip_prefix(b"=") {
                let r = trim_start(r);
                let r = r.strip_prefix(b"\"").or_else(|| r.strip_prefix(b"'")).unwrap_or(r);
                let len =
                    r.iter().position(|&b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(&b))).unwrap_or(r.len());
                if len > 0 {
                    return Some(String::from_utf8_lossy(&r[..len]).into_owned());
                }
            }
        }
        from = end;
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[n..]
}

/// Case-insensitive search of an ASCII needle.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "2019年上海市人民政府办公厅政府信息公开工作年度报告。本年度报告根据《中华人民共和国政府信息公开条例》的要求编制，\
        全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。";

    #[test]
    fn gbk_without_declaration_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode(REPORT);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode_text(&bytes, None), REPORT);
    }

    #[test]
    fn big5_is_detected() {
        let trad = "二〇一〇年度政府信息公開年度報告。本報告根據《中華人民共和國政府信息公開條例》要求編制，內容包括概述、主動公開情況。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(trad);
        assert_eq!(decode_text(&bytes, None), trad);
    }

    #[test]
    fn bom_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("报告".as_bytes());
        assert_eq!(decode_text(&bytes, Some("gbk")), "报告");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "报告".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&utf16, None), "报告");
    }

    #[test]
    fn declared_charset_is_used_and_mislabels_survive() {
        let (gbk, _, _) = encoding_rs::GBK.encode(REPORT);
        assert_eq!(decode_text(&gbk, Some("gb2312")), REPORT);
        // Declared GBK but the bytes are UTF-8.
        assert_eq!(decode_text(REPORT.as_bytes(), Some("gb2312")), REPORT);
        // Declared Latin-1 but the bytes are GBK.
        assert_eq!(decode_text(&gbk, Some("iso-8859-1")), REPORT);
        // Declared UTF-8 but the bytes are GBK.
        assert_eq!(decode_text(&gbk, Some("utf-8")), REPORT);
    }

    #[test]
    fn sniffs_meta_charset() {
        assert_eq!(sniff_html_charset(b"<html><head><meta charset=\"GBK\"></head>").as_deref(), Some("GBK"));
        assert_eq!(
            sniff_html_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\" />")
                .as_deref(),
            Some("gb2312")
        );
        assert_eq!(sniff_html_charset(b"<meta name=\"keywords\" content=\"x\"><p>charset=big5</p>"), None);
        assert_eq!(sniff_html_charset(b"<meta charset='utf-8'>").as_deref(), Some("utf-8"));
    }
}
