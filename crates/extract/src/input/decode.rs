//! Character sets: BOM, declared charset, then detection (GBK/GB18030, Big5, UTF-8).

use encoding_rs::Encoding;

/// Decodes bytes to text. `declared` is a charset label found in the document (HTML meta).
pub fn decode_text(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let enc = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8)
        .unwrap_or_else(|| {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Allow)
        });
    enc.decode_without_bom_handling(bytes).0.into_owned()
}
