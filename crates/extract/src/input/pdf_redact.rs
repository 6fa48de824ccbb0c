//! The redacted copy of a PDF with a text layer (区分处理): the glyphs of every withheld text are
//! removed from the page's content stream — the text is gone, not covered — with the space
//! they took kept (a TJ adjustment of their width), and a black box is drawn where they stood.
//! Strings in annotations and form fields are masked, the document information and XMP metadata
//! removed. The copy is read back with the reader of this crate: if any withheld text is still
//! found (text in a form XObject, an unusual font), the copy is refused rather than released
//! half-done. A PDF without a text layer is refused.

use std::collections::BTreeMap;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId, Stream, StringFormat};

use super::pdf::{FontInfo, IDENTITY, MAX_STREAM, TextCursor, num};

/// What replaces each withheld character in annotations and form fields.
const MASK: char = '■';

/// Why a PDF could not be redacted (nothing is released then).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfRedactError {
    #[error("PDF 无法解析：{0}")]
    Parse(String),
    #[error("PDF 没有文字层（可能是扫描件），不能自动区分处理；请用可编辑的原件处理")]
    NoText,
    #[error("PDF 加密，不能区分处理")]
    Encrypted,
    #[error("部分内容无法从 PDF 中可靠删除（{0}），未生成副本；请用 Word 原件处理")]
    Residue(String),
}

/// A redacted PDF and how many occurrences were withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactedPdf {
    pub bytes: Vec<u8>,
    pub withheld: usize,
}

/// One glyph shown by the page's content: where in the operations, its code bytes, its text,
/// its width adjustment (in TJ units) and its box in page space.
struct Glyph {
    op: usize,
    /// Index of the string among the operator's items (0 for Tj).
    item: usize,
    code: Vec<u8>,
    text: String,
    /// The TJ number that advances as far as the glyph did.
    adjust: f64,
    bbox: [f64; 4],
}

/// The glyphs of one content stream, in content order.
fn glyphs(content: &Content, fonts: &BTreeMap<Vec<u8>, FontInfo<'_>>) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut cursor = TextCursor::new(IDENTITY);
    for (i, op) in content.operations.iter().enumerate() {
        let Some(items) = cursor.apply(op) else { continue };
        let font = cursor.ts.font.as_ref().and_then(|f| fonts.get(f));
        let two = font.is_some_and(|f| f.two_byte);
        for (item, obj) in items.iter().enumerate() {
            let Object::String(bytes, _) = obj else {
                if let Some(adj) = num(obj) {
                    cursor.kern(adj);
                }
                continue;
            };
            for code in bytes.chunks(if two { 2 } else { 1 }) {
                let text = font
                    .and_then(|f| f.encoding.as_ref())
                    .and_then(|e| e.bytes_to_string(code).ok())
                    .map(|t| fold_radicals(&t))
                    .unwrap_or_default();
                let n = code.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                let advance = cursor.advance_of(font, n, text.chars().next());
                let trm = cursor.trm();
                let em = cursor.ts.size * cursor.ts.scale;
                let wide = if em != 0.0 { advance / em } else { 0.0 };
                let corners = [(0.0, -0.25), (wide, -0.25), (0.0, 0.95), (wide, 0.95)]
                    .map(|(x, y)| (x * trm[0] + y * trm[2] + trm[4], x * trm[1] + y * trm[3] + trm[5]));
                let bbox = [
                    corners.iter().map(|c| c.0).fold(f64::INFINITY, f64::min),
                    corners.iter().map(|c| c.1).fold(f64::INFINITY, f64::min),
                    corners.iter().map(|c| c.0).fold(f64::NEG_INFINITY, f64::max),
                    corners.iter().map(|c| c.1).fold(f64::NEG_INFINITY, f64::max),
                ];
                let adjust = if em != 0.0 { -advance * 1000.0 / em } else { 0.0 };
                out.push(Glyph { op: i, item, code: code.to_vec(), text, adjust, bbox });
                cursor.advance(advance);
            }
        }
    }
    out
}

/// Which glyphs hold withheld text: the page's text is the glyphs' text in content order, with
/// white space ignored (a PDF often spaces or splits what the reader joins).
fn marked(glyphs: &[Glyph], withhold: &[String]) -> (Vec<bool>, usize) {
    // The text without white space, each character pointing at its glyph.
    let mut text = String::new();
    let mut owner: Vec<usize> = Vec::new();
    for (g, glyph) in glyphs.iter().enumerate() {
        for c in glyph.text.chars().filter(|c| !c.is_whitespace()) {
            text.push(c);
            owner.push(g);
        }
    }
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut mark = vec![false; glyphs.len()];
    let mut count = 0;
    for needle in withhold {
        let needle: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        if needle.is_empty() {
            continue;
        }
        for (at, m) in text.match_indices(needle.as_str()) {
            count += 1;
            let first = starts.partition_point(|&s| s < at);
            let last = starts.partition_point(|&s| s < at + m.len());
            for c in first..last {
                mark[owner[c]] = true;
            }
        }
    }
    (mark, count)
}

/// The operations with the marked glyphs taken out of their strings (a TJ adjustment keeps
/// their space) and a black box drawn over each, at the end of the page in default space.
fn rewrite(content: &Content, glyphs: &[Glyph], mark: &[bool]) -> Content {
    let mut by_op: BTreeMap<usize, Vec<&Glyph>> = BTreeMap::new();
    let mut masked_by_op: BTreeMap<usize, Vec<bool>> = BTreeMap::new();
    for (g, m) in glyphs.iter().zip(mark) {
        by_op.entry(g.op).or_default().push(g);
        masked_by_op.entry(g.op).or_default().push(*m);
    }
    let mut ops: Vec<Operation> = vec![Operation::new("q", vec![])];
    for (i, op) in content.operations.iter().enumerate() {
        let Some(masks) = masked_by_op.get(&i).filter(|m| m.iter().any(|x| *x)) else {
            ops.push(op.clone());
            continue;
        };
        let gs = &by_op[&i];
        // The items of the new TJ: strings of kept glyphs, numbers for removed ones and for the
        // original adjustments.
        let original: Vec<Object> = match (op.operator.as_str(), op.operands.last()) {
            ("TJ", Some(Object::Array(a))) => a.clone(),
            (_, Some(last)) => vec![last.clone()],
            _ => Vec::new(),
        };
        let mut items: Vec<Object> = Vec::new();
        let mut current: Vec<u8> = Vec::new();
        let mut gi = 0;
        for (item, obj) in original.iter().enumerate() {
            match obj {
                Object::String(_, _) => {
                    while gi < gs.len() && gs[gi].item == item {
                        if masks[gi] {
                            if !current.is_empty() {
                                items.push(Object::String(std::mem::take(&mut current), StringFormat::Hexadecimal));
                            }
                            items.push(Object::Real(gs[gi].adjust as f32));
                        } else {
                            current.extend_from_slice(&gs[gi].code);
                        }
                        gi += 1;
                    }
                    if !current.is_empty() {
                        items.push(Object::String(std::mem::take(&mut current), StringFormat::Hexadecimal));
                    }
                }
                other => items.push(other.clone()),
            }
        }
        match op.operator.as_str() {
            "'" => ops.push(Operation::new("T*", vec![])),
            "\"" => {
                if let [aw, ac, ..] = op.operands.as_slice() {
                    ops.push(Operation::new("Tw", vec![aw.clone()]));
                    ops.push(Operation::new("Tc", vec![ac.clone()]));
                }
                ops.push(Operation::new("T*", vec![]));
            }
            _ => {}
        }
        ops.push(Operation::new("TJ", vec![Object::Array(items)]));
    }
    ops.push(Operation::new("Q", vec![]));
    // The boxes, in default user space.
    ops.push(Operation::new("q", vec![]));
    ops.push(Operation::new("g", vec![Object::Integer(0)]));
    for (g, m) in glyphs.iter().zip(mark) {
        if *m && g.bbox.iter().all(|v| v.is_finite()) {
            let [x0, y0, x1, y1] = g.bbox;
            ops.push(Operation::new(
                "re",
                vec![
                    Object::Real(x0 as f32),
                    Object::Real(y0 as f32),
                    Object::Real((x1 - x0) as f32),
                    Object::Real((y1 - y0) as f32),
                ],
            ));
        }
    }
    ops.push(Operation::new("f", vec![]));
    ops.push(Operation::new("Q", vec![]));
    Content { operations: ops }
}

/// A text string object as Unicode, if it decodes.
fn text_of(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_be_bytes());
    }
    out
}

/// Masks withheld text in every string of `obj` (annotation contents, form values, titles).
fn mask_strings(obj: &mut Object, withhold: &[String], count: &mut usize) {
    match obj {
        Object::String(bytes, format) => {
            let text = text_of(bytes);
            let mut masked = text.clone();
            for w in withhold.iter().filter(|w| !w.is_empty()) {
                let n = masked.matches(w.as_str()).count();
                if n > 0 {
                    *count += n;
                    masked = masked.replace(w.as_str(), &MASK.to_string().repeat(w.chars().count()));
                }
            }
            if masked != text {
                *bytes = utf16(&masked);
                *format = StringFormat::Hexadecimal;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| mask_strings(o, withhold, count)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| mask_strings(o, withhold, count)),
        _ => {}
    }
}

/// The redacted copy of `bytes` with every occurrence of `withhold` removed.
pub fn redact_pdf(bytes: &[u8], withhold: &[String]) -> Result<RedactedPdf, PdfRedactError> {
    let parse = |e: lopdf::Error| PdfRedactError::Parse(e.to_string());
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_STREAM), ..Default::default() };
    let mut doc = Document::load_mem_with_options(bytes, options).map_err(parse)?;
    if doc.is_encrypted() {
        return Err(PdfRedactError::Encrypted);
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut withheld = 0;
    let mut any_text = false;
    let mut new_contents: Vec<(ObjectId, Vec<u8>)> = Vec::new();
    for &page in &pages {
        let content = doc.get_page_content_with_limit(page, MAX_STREAM).map_err(parse)?;
        let content = Content::decode(&content).map_err(parse)?;
        let fonts = doc.get_page_fonts(page).map_err(parse)?;
        let fonts: BTreeMap<Vec<u8>, FontInfo<'_>> =
            fonts.into_iter().map(|(name, dict)| (name, FontInfo::new(&doc, dict))).collect();
        let gs = glyphs(&content, &fonts);
        any_text |= gs.iter().any(|g| !g.text.trim().is_empty());
        let (mark, n) = marked(&gs, withhold);
        if n == 0 {
            continue;
        }
        withheld += n;
        let encoded = rewrite(&content, &gs, &mark).encode().map_err(parse)?;
        new_contents.push((page, encoded));
    }
    if !any_text {
        return Err(PdfRedactError::NoText);
    }
    for (page, encoded) in new_contents {
        let stream = doc.add_object(Stream::new(lopdf::Dictionary::new(), encoded));
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page) {
            dict.set("Contents", Object::Reference(stream));
        }
    }
    // Annotations, form fields and every other string: masked. Metadata: removed.
    for (_, obj) in doc.objects.iter_mut() {
        if let Object::Dictionary(_) | Object::Array(_) = obj {
            mask_strings(obj, withhold, &mut withheld);
        }
    }
    doc.trailer.remove(b"Info");
    if let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference)
        && let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root)
    {
        catalog.remove(b"Metadata");
    }
    doc.prune_objects();
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| PdfRedactError::Parse(e.to_string()))?;
    // Read back as any reader would: nothing withheld may remain.
    let read = super::pdf::read(&out).map_err(|e| PdfRedactError::Residue(e.to_string()))?;
    let text: String = lines_of(&read).chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(left) = withhold.iter().find(|w| {
        let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
        !w.is_empty() && text.contains(w.as_str())
    }) {
        let shown: String = left.chars().take(4).collect();
        return Err(PdfRedactError::Residue(format!("“{shown}…”仍可读出")));
    }
    Ok(RedactedPdf { bytes: out, withheld })
}

/// The text of a PDF as the redaction reads it (one line per line), for proposals.
pub fn pdf_text(bytes: &[u8]) -> Result<String, PdfRedactError> {
    let read = super::pdf::read(bytes).map_err(|e| match e {
        crate::Error::PdfWithoutText => PdfRedactError::NoText,
        other => PdfRedactError::Parse(other.to_string()),
    })?;
    Ok(lines_of(&read))
}

/// Radicals as the ideographs they stand for: some fonts map their glyphs to the radicals (老
/// printed as ⽼), which no one types; folded so that a name or a term is found as written.
fn fold_radicals(s: &str) -> String {
    s.chars().map(|c| crate::normalize::radical_as_ideograph(c).unwrap_or(c)).collect()
}

/// The text of a read PDF, a line per line (radicals folded, see [`fold_radicals`]).
fn lines_of(doc: &super::RawDoc) -> String {
    fold_radicals(&lines_unfolded(doc))
}

fn lines_unfolded(doc: &super::RawDoc) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            super::RawBlock::Placed(lines) => {
                for l in lines {
                    out.push_str(&l.text);
                    out.push('\n');
                }
            }
            super::RawBlock::Text(t) => {
                out.push_str(t);
                out.push('\n');
            }
            super::RawBlock::Table(rows) => {
                for r in rows {
                    out.push_str(&r.join(" "));
                    out.push('\n');
                }
            }
        }
    }
    out
}
