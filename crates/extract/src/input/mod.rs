//! Container formats and character sets: bytes in, text blocks and table grids out.

mod decode;
pub(crate) mod doc;
mod docx;
pub(crate) mod guard;
mod html;
mod mhtml;
mod ofd;
pub(crate) mod pdf;
pub mod pdf_redact;
pub(crate) mod sheet;

use std::path::Path;

use crate::Error;

pub use decode::{decode_text, sniff_html_charset};
pub use html::is_noise_line;

/// The container format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Html,
    Docx,
    /// Word 97–2003 (.doc; WPS files saved in that format).
    Doc,
    /// A web page saved as one file (.mht, .mhtml).
    Mhtml,
    /// A spreadsheet (.xlsx, .xls; WPS's .et; OpenDocument .ods).
    Sheet,
    Pdf,
    /// A fixed-layout document in the national format (GB/T 33190, .ofd).
    Ofd,
}

/// The signature of a compound file (the container of Word 97–2003 documents).
const COMPOUND_FILE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The kind a file's extension (lower case) names, the one list both content sniffing and
/// folder walks use.
fn kind_by_name(ext: &str) -> Option<InputKind> {
    Some(match ext {
        "txt" | "text" | "md" => InputKind::Text,
        "html" | "htm" | "xhtml" | "shtml" => InputKind::Html,
        "docx" => InputKind::Docx,
        "doc" | "wps" => InputKind::Doc,
        "mht" | "mhtml" => InputKind::Mhtml,
        "xlsx" | "xlsm" | "xls" | "ods" | "et" => InputKind::Sheet,
        "pdf" => InputKind::Pdf,
        "ofd" => InputKind::Ofd,
        _ => return None,
    })
}

/// What a zip package holds, by its part names (the central directory, read without inflating
/// anything): a workbook names xl/workbook.xml (an OpenDocument sheet says so in its mimetype,
/// the first entry), an OFD document OFD.xml at its root; otherwise it is taken for a Word
/// package (word/…), which the DOCX reader checks. A name saying workbook or OFD is believed.
fn zip_kind(bytes: &[u8], by_name: Option<InputKind>) -> InputKind {
    if matches!(by_name, Some(InputKind::Sheet | InputKind::Ofd)) {
        return by_name.unwrap_or(InputKind::Docx);
    }
    let head = &bytes[..bytes.len().min(256)];
    if head.windows(46).any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet") {
        return InputKind::Sheet;
    }
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return InputKind::Docx };
    let mut kind = InputKind::Docx;
    for name in zip.file_names() {
        let name = name.trim_start_matches('/');
        if name.eq_ignore_ascii_case("xl/workbook.xml") {
            return InputKind::Sheet;
        }
        if name.eq_ignore_ascii_case("OFD.xml") {
            kind = InputKind::Ofd;
        }
    }
    kind
}

/// Whether the bytes begin (after a byte-order mark and white space) with an HTML document's
/// opening: `<!doctype html` or `<html`. A text copy of a report never starts so; one that only
/// mentions a tag further on stays text.
fn starts_as_markup(bytes: &[u8]) -> bool {
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..head.len().min(start + 16)];
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

impl InputKind {
    /// Chooses by extension, then by content for unknown or misleading extensions.
    pub fn detect(path: &Path, bytes: &[u8]) -> Result<InputKind, Error> {
        if bytes.starts_with(b"%PDF") {
            return Ok(InputKind::Pdf);
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let by_name = kind_by_name(&ext);
        let sheet_name = by_name == Some(InputKind::Sheet);
        if bytes.starts_with(b"PK\x03\x04") {
            return Ok(zip_kind(bytes, by_name));
        }
        if bytes.starts_with(COMPOUND_FILE) {
            return Ok(if sheet_name { InputKind::Sheet } else { InputKind::Doc });
        }
        if mhtml::looks_like(bytes) {
            return Ok(InputKind::Mhtml);
        }
        match by_name {
            // A page saved under a text name ("报告.txt" holding the page's source) is markup.
            Some(InputKind::Text) if starts_as_markup(bytes) => Ok(InputKind::Html),
            Some(kind) => Ok(kind),
            None => {
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
                if head.contains("<html") || head.contains("<!doctype html") || head.contains("<table") {
                    Ok(InputKind::Html)
                } else if ext.is_empty() || std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
                    Ok(InputKind::Text)
                } else {
                    Err(Error::UnsupportedType(ext))
                }
            }
        }
    }

    /// Whether a path names a document this reader accepts (for folder walks).
    pub fn is_document_path(path: &Path) -> bool {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        // (.text and .md name text files but are not reports a folder holds.)
        !matches!(ext.as_str(), "text" | "md") && kind_by_name(&ext).is_some()
    }
}

/// A document as read from its container: prose and tables in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDoc {
    pub blocks: Vec<RawBlock>,
}

/// A block of a document in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum RawBlock {
    /// Prose; may hold several lines.
    Text(String),
    /// A table as rows of cell texts, as printed (merged cells appear once, in their first row).
    Table(Vec<Vec<String>>),
    /// Lines of positioned text (PDF), each with where its pieces sit on the page, so that a
    /// table row printed with blank cells can still be matched to its columns.
    Placed(Vec<PlacedLine>),
}

/// One line of positioned text: the text (runs of white space collapsed) and the horizontal
/// extent of each of its white-space separated pieces, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    pub text: String,
    pub spans: Vec<Span>,
}

/// Horizontal extent of a piece of text, in page units (points), left to right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub x0: f32,
    pub x1: f32,
}

impl Span {
    pub fn center(self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Prose lines and tables collected in reading order: the output of the DOCX and Word readers.
#[derive(Default)]
pub(crate) struct Blocks {
    blocks: Vec<RawBlock>,
    text: String,
}

impl Blocks {
    /// A paragraph: each of its lines with white space collapsed; empty lines are dropped.
    pub(crate) fn line(&mut self, text: &str) {
        for l in text.split('\n') {
            let l = collapse_ws(l);
            if !l.is_empty() {
                self.text.push_str(&l);
                self.text.push('\n');
            }
        }
    }

    pub(crate) fn table(&mut self, rows: Vec<Vec<String>>) {
        self.flush();
        self.blocks.push(RawBlock::Table(rows));
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.blocks.push(RawBlock::Text(std::mem::take(&mut self.text)));
        }
    }

    pub(crate) fn finish(mut self) -> RawDoc {
        self.flush();
        RawDoc { blocks: self.blocks }
    }
}

/// Reads a document of a known kind.
pub fn read(kind: InputKind, bytes: &[u8]) -> Result<RawDoc, Error> {
    match kind {
        InputKind::Text => Ok(RawDoc { blocks: vec![RawBlock::Text(decode_text(bytes, None))] }),
        InputKind::Html => Ok(html::read(bytes)),
        InputKind::Docx => docx::read(bytes),
        InputKind::Doc => doc::read(bytes),
        InputKind::Mhtml => mhtml::read(bytes),
        InputKind::Sheet => sheet::read(bytes),
        InputKind::Pdf => pdf::read(bytes),
        InputKind::Ofd => ofd::read(bytes),
    }
}

/// Whether a table's cell texts look like data (a grid of short cells with figures) rather than
/// a layout frame holding prose. Shared by the HTML and DOCX readers.
///
/// Two rows or more with figures make a data table even with a long note cell; otherwise a
/// long cell means prose, and a grid of short cells is data when it has a figure or three rows.
pub(crate) fn is_data_table(rows: &[Vec<String>]) -> bool {
    let is_grid_row = |r: &Vec<String>| r.iter().filter(|c| !c.is_empty()).count() >= 2;
    let grid_rows = rows.iter().filter(|r| is_grid_row(r)).count();
    if grid_rows < 2 {
        return false;
    }
    let figure_rows = rows.iter().filter(|r| is_grid_row(r) && r.iter().any(|c| is_numeric_cell(c))).count();
    if figure_rows >= 2 {
        return true;
    }
    if rows.iter().flatten().any(|c| c.chars().count() > MAX_DATA_CELL_CHARS) {
        return false;
    }
    grid_rows >= 3 || figure_rows >= 1
}

/// A table cell longer than this is prose, not a figure or a label.
const MAX_DATA_CELL_CHARS: usize = 200;

fn is_numeric_cell(c: &str) -> bool {
    c.chars().count() <= 16 && c.chars().any(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch))
}

/// Appends a piece of cell text, joining at a line break without a separator unless both sides
/// are Latin letters or digits ("本年新" + "制作数量" → "本年新制作数量", "12" + "34" → "12 34").
pub(crate) fn join_cell_piece(out: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    let ascii_pair = out.chars().next_back().is_some_and(|p| p.is_ascii_alphanumeric())
        && piece.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ascii_pair {
        out.push(' ');
    }
    out.push_str(piece);
}

/// Collapses runs of white space to one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// A ZIP archive with stored (uncompressed) entries, for building DOCX packages with
    /// arbitrary XML in tests.
    pub(crate) fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &b in data {
                crc ^= b as u32;
                for _ in 0..8 {
                    crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            !crc
        }
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let offset = out.len() as u32;
            let crc = crc32(data);
            let header = |sig: u32, central: bool| {
                let mut h = Vec::new();
                h.extend_from_slice(&sig.to_le_bytes());
                if central {
                    h.extend_from_slice(&20u16.to_le_bytes());
                }
                for v in [20u16, 0, 0, 0, 0] {
                    h.extend_from_slice(&v.to_le_bytes());
                }
                h.extend_from_slice(&crc.to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                if central {
                    for v in [0u16, 0, 0] {
                        h.extend_from_slice(&v.to_le_bytes());
                    }
                    h.extend_from_slice(&0u32.to_le_bytes());
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(0x0403_4b50, false));
            out.extend_from_slice(data);
            central.extend(header(0x0201_4b50, true));
        }
        let cd_offset = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, files.len() as u16, files.len() as u16] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// A minimal DOCX package around a `<w:body>` fragment.
    pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
        let types = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
        let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let doc = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        let doc_rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;
        stored_zip(&[
            ("[Content_Types].xml", types),
            ("_rels/.rels", rels),
            ("word/_rels/document.xml.rels", doc_rels),
            ("word/document.xml", doc.as_bytes()),
        ])
    }

    fn kind(k: u8) -> InputKind {
        [
            InputKind::Text,
            InputKind::Html,
            InputKind::Docx,
            InputKind::Pdf,
            InputKind::Doc,
            InputKind::Mhtml,
            InputKind::Sheet,
            InputKind::Ofd,
        ][k as usize % 8]
    }

    const HTML_PARTS: [&str; 24] = [
        "<table>",
        "</table>",
        "<tr>",
        "</tr>",
        "<td colspan=2>",
        "<td rowspan=3>",
        "</td>",
        "<th>",
        "<p>",
        "</p>",
        "<br>",
        "<div class=nav>",
        "</div>",
        "<script>",
        "</script>",
        "规章",
        "13",
        "&nbsp;",
        "<pre>\n1\n</pre>",
        "<meta charset=gbk>",
        "（一）",
        "<nav>",
        "<!--",
        "扫一扫",
    ];

    const DOCX_PARTS: [&str; 22] = [
        "<w:p>",
        "</w:p>",
        "<w:r>",
        "</w:r>",
        "<w:t>",
        "</w:t>",
        "规章",
        "13",
        "<w:tbl>",
        "</w:tbl>",
        "<w:tr>",
        "</w:tr>",
        "<w:tc>",
        "</w:tc>",
        "<w:tcPr><w:vMerge/></w:tcPr>",
        "<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>",
        "<w:br/>",
        "<w:sdt><w:sdtContent>",
        "</w:sdtContent></w:sdt>",
        "<w:hyperlink>",
        "</w:hyperlink>",
        "<w:x/>",
    ];

    /// 200 cases from a fixed seed, so that a suite run gives the same answer every time; a hunt
    /// sets `PROPTEST_CASES` and `PROPTEST_RNG_SEED` (the way the DOCX hang below was found, with
    /// seed 73 and 3,000 cases).
    fn config() -> ProptestConfig {
        let env = ProptestConfig::default();
        let set = |name: &str| std::env::var_os(name).is_some();
        ProptestConfig {
            cases: if set("PROPTEST_CASES") { env.cases } else { 200 },
            failure_persistence: None,
            rng_seed: if set("PROPTEST_RNG_SEED") {
                env.rng_seed
            } else {
                proptest::test_runner::RngSeed::Fixed(20_261_206)
            },
            ..env
        }
    }

    /// Elements of a WordprocessingML body, closed as they are opened: a well-formed part that
    /// passes the check in `docx::read` and reaches docx-rs.
    const DOCX_ELEMENTS: [&str; 28] = [
        "w:p",
        "w:r",
        "w:t",
        "w:tbl",
        "w:tr",
        "w:tc",
        "w:tcPr",
        "w:sdt",
        "w:sdtContent",
        "w:sdtPr",
        "w:hyperlink",
        "w:ins",
        "w:del",
        "w:moveTo",
        "w:moveFrom",
        "w:smartTag",
        "w:pPr",
        "w:rPr",
        "w:fldSimple",
        "w:customXml",
        "w:drawing",
        "w:txbxContent",
        "mc:AlternateContent",
        "mc:Fallback",
        "w:tblPr",
        "w:trPr",
        "w:instrText",
        "w:delText",
    ];
    const DOCX_LEAVES: [&str; 10] = [
        "规章",
        "13",
        "<w:br/>",
        "<w:tab/>",
        "<w:vMerge/>",
        "<w:vMerge w:val=\"restart\"/>",
        "<w:gridSpan w:val=\"2\"/>",
        "<w:bookmarkStart w:id=\"1\"/>",
        "<w:commentRangeStart w:id=\"1\"/>",
        "<w:x/>",
    ];

    /// Pieces of a page's layer: text objects and codes with odd, missing, huge or broken
    /// placements, left open or closed out of order.
    const OFD_PARTS: [&str; 16] = [
        r#"<ofd:TextObject ID="1" Boundary="10 10 100 5" Size="3.5">"#,
        r#"<ofd:TextObject Boundary="1e308 -1e308 0 0" CTM="0 0 0 0 0 0" Size="-1">"#,
        r#"<ofd:TextObject Boundary="x y" CTM="1 2 3" size="NaN">"#,
        r#"<ofd:TextObject Boundary="0 0 1 1" CTM="1e300 0 0 1e300 1e300 1e300" Size="1e300">"#,
        "</ofd:TextObject>",
        r#"<ofd:TextCode X="0" Y="4" DeltaX="g 99999999999 3.5">规章13</ofd:TextCode>"#,
        r#"<ofd:TextCode DeltaX="g" DeltaY="g 3">一二三</ofd:TextCode>"#,
        r#"<ofd:TextCode X="-5" Y="inf" DeltaX="1 2 x 4">&amp;&#x0;&#xD800;</ofd:TextCode>"#,
        "<ofd:TextCode>",
        "</ofd:TextCode>",
        "规章 13",
        "<![CDATA[524]]>",
        "<ofd:PageBlock>",
        "</ofd:PageBlock>",
        r#"<ofd:PathObject Boundary="0 0 1 1"/>"#,
        "&unknown;",
    ];

    fn docx_tree() -> impl Strategy<Value = String> {
        let leaf = (0..DOCX_LEAVES.len()).prop_map(|i| DOCX_LEAVES[i].to_string());
        leaf.prop_recursive(6, 120, 5, |inner| {
            ((0..DOCX_ELEMENTS.len()), vec(inner, 0..5)).prop_map(|(i, children)| {
                let tag = DOCX_ELEMENTS[i];
                format!("<{tag}>{}</{tag}>", children.concat())
            })
        })
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn arbitrary_bytes_never_panic(k in 0u8..8, bytes in vec(any::<u8>(), 0..1500)) {
            let _ = read(kind(k), &bytes);
            let mut prefixed = match kind(k) {
                InputKind::Pdf => b"%PDF-1.4\n".to_vec(),
                InputKind::Docx | InputKind::Ofd => b"PK\x03\x04".to_vec(),
                InputKind::Doc => COMPOUND_FILE.to_vec(),
                InputKind::Mhtml => b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n".to_vec(),
                _ => Vec::new(),
            };
            prefixed.extend_from_slice(&bytes);
            let _ = read(kind(k), &prefixed);
        }

        #[test]
        fn extractor_never_panics(k in 0u8..8, bytes in vec(any::<u8>(), 0..1500)) {
            let _ = crate::Extractor::new().extract_bytes(kind(k), &bytes);
        }

        #[test]
        fn html_soup_never_panics(parts in vec(0..HTML_PARTS.len(), 0..80)) {
            let html: String = parts.iter().map(|&i| HTML_PARTS[i]).collect();
            let _ = read(InputKind::Html, html.as_bytes());
            let _ = crate::Extractor::new().extract_bytes(InputKind::Html, html.as_bytes());
        }

        #[test]
        fn docx_soup_never_panics(parts in vec(0..DOCX_PARTS.len(), 0..80)) {
            let body: String = parts.iter().map(|&i| DOCX_PARTS[i]).collect();
            let _ = read(InputKind::Docx, &docx_with_body(&body));
        }

        #[test]
        fn well_formed_docx_never_panics_or_hangs(trees in vec(docx_tree(), 0..6)) {
            let _ = read(InputKind::Docx, &docx_with_body(&trees.concat()));
        }

        #[test]
        fn mutated_pdf_never_panics(flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let mut pdf = pdf::tests::make_pdf(&[vec![(72.0, 700.0, "Rules"), (200.0, 700.0, "13")]]);
            for (at, b) in flips {
                let i = at.index(pdf.len());
                pdf[i] = b;
            }
            let _ = read(InputKind::Pdf, &pdf);
        }

        #[test]
        fn mutated_doc_never_panics(flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let (mut word, mut table) = doc::tests::make_streams(&doc::tests::report(), 0x00C1, 0);
            for (at, b) in flips {
                let i = at.index(word.len() + table.len());
                if i < word.len() { word[i] = b } else { table[i - word.len()] = b }
            }
            let _ = read(InputKind::Doc, &doc::tests::compound(&[("/WordDocument", &word), ("/0Table", &table)]));
        }

        #[test]
        fn mutated_ofd_never_panics(flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
            let mut book = ofd::tests::ofd(&[&ofd::tests::text(20.0, 30.0, "规章 13")]);
            for (at, b) in flips {
                let i = at.index(book.len());
                book[i] = b;
            }
            let _ = read(InputKind::Ofd, &book);
        }

        #[test]
        fn ofd_soup_never_panics_or_hangs(parts in vec(0..OFD_PARTS.len(), 0..60)) {
            let body: String = parts.iter().map(|&i| OFD_PARTS[i]).collect();
            let _ = read(InputKind::Ofd, &ofd::tests::ofd(&[&body, &body]));
        }

        #[test]
        fn mutated_sheet_never_panics(
            ods in any::<bool>(),
            flips in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let mut book = if ods { sheet::tests::ods() } else { sheet::tests::workbook() };
            for (at, b) in flips {
                let i = at.index(book.len());
                book[i] = b;
            }
            let _ = read(InputKind::Sheet, &book);
        }
    }

    #[test]
    fn handmade_docx_reads() {
        let body = r#"<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>13</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>规范性文件</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>60</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let raw = read(InputKind::Docx, &docx_with_body(body)).unwrap();
        assert_eq!(
            raw.blocks,
            vec![
                RawBlock::Text("一、总体情况\n".into()),
                RawBlock::Table(vec![vec!["规章".into(), "13".into()], vec!["规范性文件".into(), "60".into()]]),
            ]
        );
    }

    #[test]
    fn kinds_by_name_and_by_content() {
        let page = "\u{feff}\n  <!DOCTYPE html>\n<html><body><table><tr><td>规章</td></tr></table></body></html>";
        let cases: &[(&str, &[u8], InputKind)] = &[
            ("报告.txt", "一、总体情况\n规章 0 0 0".as_bytes(), InputKind::Text),
            ("报告.txt", page.as_bytes(), InputKind::Html),
            ("报告.md", b"<html><body>x</body></html>", InputKind::Html),
            ("报告.txt", "正文提到<html>标签".as_bytes(), InputKind::Text),
            ("报告.html", b"plain words", InputKind::Html),
            ("报告.txt", b"%PDF-1.7", InputKind::Pdf),
            ("报告", b"<table><tr><td>1</td></tr></table>", InputKind::Html),
            ("报告", "规章 0 0 0".as_bytes(), InputKind::Text),
            ("报告.doc", b"", InputKind::Doc),
            ("报告.WPS", b"", InputKind::Doc),
            ("报告.mht", b"", InputKind::Mhtml),
            ("附表.xlsx", b"PK\x03\x04", InputKind::Sheet),
            ("附表.et", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", InputKind::Sheet),
            ("附表.xls", b"", InputKind::Sheet),
            ("报告.docx", b"PK\x03\x04", InputKind::Docx),
            ("报告.OFD", b"PK\x03\x04", InputKind::Ofd),
            (
                "报告.html",
                b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n",
                InputKind::Mhtml,
            ),
            // A Word 97 file saved under another name.
            ("附件1", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", InputKind::Doc),
        ];
        for (name, bytes, want) in cases {
            assert_eq!(
                InputKind::detect(Path::new(name), bytes).unwrap(),
                *want,
                "{name}: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        // Packages downloaded without their name (附件1): told apart by their parts.
        let ofd = ofd::tests::ofd(&[""]);
        assert_eq!(InputKind::detect(Path::new("附件1"), &ofd).unwrap(), InputKind::Ofd);
        assert_eq!(InputKind::detect(Path::new("附件1.docx"), &ofd).unwrap(), InputKind::Ofd);
        let word = stored_zip(&[("[Content_Types].xml", b"".as_slice()), ("word/document.xml", b"".as_slice())]);
        assert_eq!(InputKind::detect(Path::new("附件1"), &word).unwrap(), InputKind::Docx);
    }

    #[test]
    fn data_table_decision() {
        let t = |rows: &[&[&str]]| rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect::<Vec<_>>();
        assert!(is_data_table(&t(&[&["规章", "13"], &["规范性文件", "60"]])));
        assert!(!is_data_table(&t(&[&["全文"]])));
        assert!(!is_data_table(&t(&[&["附件", "下载"]])));
        assert!(is_data_table(&t(&[&["a", "b"], &["c", "d"], &["e", "f"]])));
        let long = "很长的正文".repeat(50);
        assert!(!is_data_table(&t(&[&["目录", &long], &["1", "2"]])));
        assert!(!is_data_table(&t(&[&["首页", &long], &["链接", "联系我们"], &["版权", "网站地图"]])));
        assert!(is_data_table(&t(&[&["规章", "13"], &["规范性文件", "60"], &["说明", &long]])));
    }
}
