//! OFD documents (GB/T 33190《电子文件存储与交换格式 版式文档》, the national fixed-layout format
//! some portals publish beside or instead of PDF): the text objects of each page, placed and laid
//! out into lines exactly as a PDF's text is.
//!
//! An OFD file is a zip package: `OFD.xml` names the document (`DocRoot`), whose `Document.xml`
//! lists the pages in order (`Pages/Page@BaseLoc`), each a `Content.xml` of layers holding
//! `TextObject`s. A text object has a `Boundary` (its box on the page, millimetres, y down), an
//! optional `CTM` (its own space onto the box) and a `Size`; each `TextCode` child starts at
//! `X`, `Y` (the baseline, in the object's space) and moves on by `DeltaX`/`DeltaY` between
//! characters (`g n d` repeats `d` n times). Unlike PDF, the characters are Unicode already.
//! Page templates (running heads, page numbers) and annotations are not read.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::pdf::{self, Run};
use super::{PlacedLine, RawBlock, RawDoc, guard};
use crate::Error;

/// Millimetres (OFD's unit) to points (the unit the PDF line layout's spans are in).
const MM_TO_PT: f64 = 72.0 / 25.4;
/// Decompressed XML read per document before giving up.
const MAX_XML_BYTES: u64 = 256 << 20;
/// Pages read at most (hostile files).
const MAX_PAGES: usize = 10_000;
/// Characters placed per page at most (hostile files).
const MAX_CHARS_PER_PAGE: usize = 400_000;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    let lines = guard::catch(|| read_lines(bytes)).map_err(|p| Error::Ofd(format!("the OFD parser failed: {p}")))??;
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(Error::OfdWithoutText);
    }
    Ok(RawDoc { blocks: vec![RawBlock::Placed(lines)] })
}

fn read_lines(bytes: &[u8]) -> Result<Vec<PlacedLine>, Error> {
    let mut package = Package::open(bytes)?;
    let root = package.part("OFD.xml")?;
    let doc_root = element_texts(&root, "DocRoot")?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Ofd("OFD.xml names no document (DocRoot)".into()))?;
    let doc_path = resolve("", &doc_root);
    let document = package.part(&doc_path)?;
    let pages = page_locations(&document)?;
    if pages.is_empty() {
        return Err(Error::Ofd(format!("{doc_path} lists no pages")));
    }
    let dir = parent(&doc_path);
    let mut lines = Vec::new();
    // A page that cannot be read is left out, as a PDF's is; only when none can is it an error.
    let mut first_error = None;
    let mut read_any = false;
    for (i, loc) in pages.iter().take(MAX_PAGES).enumerate() {
        // Relative to the document as the standard says; some writers give it from the root.
        let here = resolve(dir, loc);
        let content = match package.part(&here) {
            Err(_) if package.has(&resolve("", loc)) => package.part(&resolve("", loc)),
            other => other,
        };
        match content.and_then(|c| page_runs(&c)) {
            Ok(runs) => {
                let mut page = pdf::layout(runs);
                pdf::drop_page_numbers(&mut page, i + 1);
                lines.extend(page);
                read_any = true;
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if !read_any => Err(e),
        _ => Ok(lines),
    }
}

/// The zip package, its parts found by name as written or, failing that, ignoring case (names
/// are case-sensitive in zips, not in the Windows tools that write many of these files).
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, Error> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::Ofd(e.to_string()))?;
        Ok(Package { zip, budget: MAX_XML_BYTES })
    }

    fn index(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        self.zip.index_for_name(name).or_else(|| {
            let found = self.zip.file_names().find(|n| n.trim_start_matches('/').eq_ignore_ascii_case(name))?;
            self.zip.index_for_name(found)
        })
    }

    fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }

    fn part(&mut self, name: &str) -> Result<Vec<u8>, Error> {
        let index = self.index(name).ok_or_else(|| Error::Ofd(format!("the package has no part {name}")))?;
        let mut out = Vec::new();
        let file = self.zip.by_index(index).map_err(|e| Error::Ofd(format!("{name}: {e}")))?;
        let read = file.take(self.budget + 1).read_to_end(&mut out).map_err(|e| Error::Ofd(format!("{name}: {e}")))?;
        self.budget =
            self.budget.checked_sub(read as u64).ok_or_else(|| Error::Ofd("the XML parts are too large".into()))?;
        Ok(out)
    }
}

/// The directory part of a package path ("Doc_0/Document.xml" gives "Doc_0").
fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// A location as the standard writes them: absolute from the package root when it starts with
/// "/", else relative to the directory of the file naming it ("./" and "../" allowed).
fn resolve(dir: &str, loc: &str) -> String {
    let loc = loc.trim().replace('\\', "/");
    let mut parts: Vec<&str> =
        if loc.starts_with('/') { Vec::new() } else { dir.split('/').filter(|p| !p.is_empty()).collect() };
    for p in loc.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn xml_error(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Ofd(format!("{name}: {e}"))
}

/// The attribute `key` of an element (namespace prefixes do not matter), unescaped.
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The text of every element named `local` (prefix ignored), in document order.
fn element_texts(xml: &[u8], local: &str) -> Result<Vec<String>, Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut inside: Option<String> = None;
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| xml_error("OFD.xml", e))? {
            Event::Start(e) if e.local_name().as_ref() == local => inside = Some(String::new()),
            Event::Text(t) => {
                if let Some(s) = &mut inside {
                    s.push_str(&t.xml10_content());
                }
            }
            Event::End(e) if e.local_name().as_ref() == local => out.extend(inside.take()),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The location of each page of `Document.xml`, in order: its `BaseLoc` attribute (the
/// standard's form) or child element (some writers' form).
fn page_locations(xml: &[u8]) -> Result<Vec<String>, Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut in_pages = 0usize;
    // Inside a page element without the attribute; then inside its BaseLoc child.
    let mut page_open = false;
    let mut child: Option<String> = None;
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| xml_error("Document.xml", e))? {
            Event::Start(e) if e.local_name().as_ref() == "Pages" => in_pages += 1,
            Event::End(e) if e.local_name().as_ref() == "Pages" => in_pages = in_pages.saturating_sub(1),
            Event::Empty(e) if in_pages > 0 && e.local_name().as_ref() == "Page" => out.extend(attr(&e, "BaseLoc")),
            Event::Start(e) if in_pages > 0 && e.local_name().as_ref() == "Page" => match attr(&e, "BaseLoc") {
                Some(loc) => out.push(loc),
                None => page_open = true,
            },
            Event::End(e) if e.local_name().as_ref() == "Page" => page_open = false,
            Event::Start(e) if page_open && e.local_name().as_ref() == "BaseLoc" => child = Some(String::new()),
            Event::Text(t) => {
                if let Some(c) = &mut child {
                    c.push_str(&t.xml10_content());
                }
            }
            Event::End(e) if e.local_name().as_ref() == "BaseLoc" => out.extend(child.take()),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Numbers of an attribute ("0 0 210 297"); anything unreadable counts as absent.
fn numbers(s: &str) -> Option<Vec<f64>> {
    s.split_whitespace().map(|t| t.parse::<f64>().ok().filter(|v| v.is_finite())).collect()
}

/// A `DeltaX`/`DeltaY` list expanded: "g 3 2.5 1" is 2.5, 2.5, 2.5, 1. At most `max` entries.
fn deltas(s: &str, max: usize) -> Vec<f64> {
    let mut out = Vec::new();
    let mut tokens = s.split_whitespace();
    while out.len() < max {
        match tokens.next() {
            None => break,
            Some("g") => {
                let n = tokens.next().and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
                let Some(d) = tokens.next().and_then(|t| t.parse::<f64>().ok()).filter(|d| d.is_finite()) else {
                    break;
                };
                out.extend(std::iter::repeat_n(d, n.min(max - out.len())));
            }
            Some(t) => match t.parse::<f64>() {
                Ok(d) if d.is_finite() => out.push(d),
                _ => break,
            },
        }
    }
    out
}

/// How wide a character is, in ems, where the file does not say (the last of a text code, or a
/// code without deltas): CJK characters and full-width forms fill the em; Latin letters, figures
/// and signs take their usual share of it in the fonts reports are set in.
fn em_width(c: char) -> f64 {
    let wide = crate::normalize::is_cjk(c)
        || matches!(c as u32, 0x2E80..=0x303F | 0x3040..=0x30FF | 0x3200..=0x33FF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60);
    match c {
        _ if wide => 1.0,
        '0'..='9' => 0.55,
        'A'..='Z' | 'm' | 'w' | '%' | '@' | '&' => 0.8,
        'i' | 'j' | 'l' | 't' | 'f' | 'r' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '(' | ')' | '[' | ']' => 0.35,
        ' ' => 0.25,
        _ => 0.55,
    }
}

/// A text object's placement: its box's origin and its own space onto the box.
#[derive(Clone, Copy)]
struct Placement {
    origin: (f64, f64),
    ctm: [f64; 6],
    /// The type size in the object's space.
    size: f64,
}

impl Placement {
    fn from_element(e: &BytesStart<'_>) -> Placement {
        let origin =
            attr(e, "Boundary").and_then(|b| numbers(&b)).filter(|b| b.len() >= 2).map_or((0.0, 0.0), |b| (b[0], b[1]));
        let ctm = attr(e, "CTM")
            .and_then(|c| numbers(&c))
            .and_then(|c| <[f64; 6]>::try_from(c).ok())
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        // The standard says Size; some writers say size.
        let size = attr(e, "Size").or_else(|| attr(e, "size")).and_then(|s| s.trim().parse::<f64>().ok());
        Placement { origin, ctm, size: size.filter(|s| s.is_finite() && *s > 0.0).unwrap_or(3.5) }
    }

    /// A point of the object's space on the page, in points with y up (as a PDF's).
    fn page_point(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.ctm;
        let px = self.origin.0 + a * x + c * y + e;
        let py = self.origin.1 + b * x + d * y + f;
        (px * MM_TO_PT, -py * MM_TO_PT)
    }

    /// The type size on the page, in points.
    fn page_size(&self) -> f64 {
        let [a, b, c, d, ..] = self.ctm;
        self.size * (a * d - b * c).abs().sqrt() * MM_TO_PT
    }
}

/// A text code being read: where it starts (object space), its steps between characters, and
/// its text so far.
struct Code {
    start: (f64, f64),
    dx: Vec<f64>,
    dy: Vec<f64>,
    text: String,
}

/// The runs of text of one page's `Content.xml`.
fn page_runs(xml: &[u8]) -> Result<Vec<Run>, Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut runs = Vec::new();
    let mut placed = 0usize;
    // The text object being read and the pen (where the next character goes, object space).
    let mut object: Option<(Placement, (f64, f64))> = None;
    let mut code: Option<Code> = None;
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| xml_error("Content.xml", e))? {
            Event::Start(e) if e.local_name().as_ref() == "TextObject" => {
                object = Some((Placement::from_element(&e), (0.0, 0.0)));
            }
            Event::End(e) if e.local_name().as_ref() == "TextObject" => object = None,
            Event::Start(e) if e.local_name().as_ref() == "TextCode" => {
                if let Some((_, pen)) = &object {
                    let x = attr(&e, "X").and_then(|v| v.trim().parse::<f64>().ok()).unwrap_or(pen.0);
                    let y = attr(&e, "Y").and_then(|v| v.trim().parse::<f64>().ok()).unwrap_or(pen.1);
                    let dx = attr(&e, "DeltaX").map(|d| deltas(&d, MAX_CHARS_PER_PAGE)).unwrap_or_default();
                    let dy = attr(&e, "DeltaY").map(|d| deltas(&d, MAX_CHARS_PER_PAGE)).unwrap_or_default();
                    code = Some(Code { dx, dy, text: String::new(), start: (x, y) });
                }
            }
            Event::Text(t) => {
                if let Some(code) = &mut code {
                    code.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(code) = &mut code {
                    code.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(code) = &mut code {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => code.text.push(c),
                        _ => code.text.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or_default()),
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "TextCode" => {
                if let (Some(code), Some((placement, pen))) = (code.take(), &mut object)
                    && placed < MAX_CHARS_PER_PAGE
                {
                    placed += code.text.chars().count();
                    *pen = place(&code, placement, &mut runs);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(runs)
}

/// Places the characters of one text code and adds them to `runs`.
/// Returns where the pen stands after the last character.
///
/// Characters stay in one run while they follow each other as type does; a new run starts
/// where the code moves a character onto another line, back, or further on than the code's own
/// spacing explains. A justified line spaces every character out a little (its usual extra, the
/// median of the code's, at most a third of an em, is allowed everywhere); a code holding a
/// table row moves on by a cell's width between figures, and there the row's cells part
/// (0.15 em over the usual: the gap at which the PDF layout puts a space between runs).
fn place(code: &Code, p: &Placement, runs: &mut Vec<Run>) -> (f64, f64) {
    let em = p.page_size().max(0.1);
    let mut pen = code.start;
    // Each character where it stands on the page, and its width there.
    let mut glyphs: Vec<(char, f64, f64, f64)> = Vec::new();
    for (i, c) in code.text.chars().enumerate() {
        if !c.is_control() {
            let (x, y) = p.page_point(pen.0, pen.1);
            glyphs.push((c, x, y, em_width(c) * em));
        }
        pen.0 += code.dx.get(i).copied().unwrap_or(em_width(c) * p.size);
        pen.1 += code.dy.get(i).copied().unwrap_or(0.0);
    }
    let same_line = |a: &(char, f64, f64, f64), b: &(char, f64, f64, f64)| (b.2 - a.2).abs() <= 0.1 * em && b.1 >= a.1;
    let mut extras: Vec<f64> =
        glyphs.windows(2).filter(|w| same_line(&w[0], &w[1])).map(|w| w[1].1 - (w[0].1 + w[0].3)).collect();
    extras.sort_by(f64::total_cmp);
    let usual = extras.get(extras.len() / 2).copied().unwrap_or(0.0).clamp(0.0, em / 3.0);
    let mut run: Option<Run> = None;
    let mut prev: Option<(char, f64, f64, f64)> = None;
    for g in glyphs {
        let follows = prev.is_some_and(|q| same_line(&q, &g) && g.1 - (q.1 + q.3) <= usual + 0.15 * em);
        if !follows && let Some(r) = run.take() {
            push_run(r, runs);
        }
        let (c, x, y, width) = g;
        match &mut run {
            Some(r) => {
                r.text.push(c);
                r.x1 = x + width + usual;
            }
            None => run = Some(Run { x0: x, x1: x + width + usual, y, size: em, text: c.to_string() }),
        }
        prev = Some(g);
    }
    if let Some(r) = run {
        push_run(r, runs);
    }
    pen
}

fn push_run(r: Run, runs: &mut Vec<Run>) {
    if !r.text.trim().is_empty() && r.x0.is_finite() && r.x1.is_finite() && r.y.is_finite() && r.size.is_finite() {
        runs.push(r);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::input::tests::stored_zip;

    /// An OFD package of one document whose pages hold `pages` (each a Content.xml's layer
    /// body), written as the standard's examples are.
    pub(crate) fn ofd(pages: &[&str]) -> Vec<u8> {
        let ns = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
        let root = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
        );
        let list: String = (0..pages.len())
            .map(|i| format!(r#"<ofd:Page ID="{}" BaseLoc="Pages/Page_{i}/Content.xml"/>"#, i + 1))
            .collect();
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
        );
        let contents: Vec<(String, String)> = pages
            .iter()
            .enumerate()
            .map(|(i, body)| {
                (
                    format!("Doc_0/Pages/Page_{i}/Content.xml"),
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content><ofd:Layer ID="1">{body}</ofd:Layer></ofd:Content></ofd:Page>"#
                    ),
                )
            })
            .collect();
        let mut files: Vec<(&str, &[u8])> =
            vec![("OFD.xml", root.as_bytes()), ("Doc_0/Document.xml", document.as_bytes())];
        files.extend(contents.iter().map(|(n, c)| (n.as_str(), c.as_bytes())));
        stored_zip(&files)
    }

    /// A text object at (x, y) mm (baseline y), 3.5 mm type, one character per 3.5 mm.
    pub(crate) fn text(x: f64, y: f64, s: &str) -> String {
        let n = s.chars().count();
        format!(
            r#"<ofd:TextObject ID="2" Boundary="{x} {} 150 5" Font="3" Size="3.5"><ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="4" DeltaX="g {} 3.5">{s}</ofd:TextCode></ofd:TextObject>"#,
            y - 4.0,
            n.saturating_sub(1)
        )
    }

    fn lines(bytes: &[u8]) -> Vec<String> {
        match read(bytes).unwrap().blocks.remove(0) {
            RawBlock::Placed(lines) => lines.into_iter().map(|l| l.text).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lays_out_text_objects_into_lines_top_to_bottom() {
        // Written out of order, as converters often write a table's cells column by column.
        let page = [
            text(20.0, 60.0, "规章"),
            text(20.0, 50.0, "第二十条第（一）项"),
            text(80.0, 60.0, "13"),
            text(120.0, 60.0, "524"),
        ]
        .concat();
        assert_eq!(lines(&ofd(&[&page])), ["第二十条第（一）项", "规章 13 524"]);
    }

    #[test]
    fn pages_in_document_order_and_page_numbers_dropped() {
        let one = [text(20.0, 30.0, "一、总体情况"), text(100.0, 290.0, "- 1 -")].concat();
        let two = [text(20.0, 30.0, "二、主动公开政府信息情况"), text(100.0, 290.0, "2")].concat();
        assert_eq!(lines(&ofd(&[&one, &two])), ["一、总体情况", "二、主动公开政府信息情况"]);
    }

    #[test]
    fn a_wide_step_within_one_text_code_parts_the_pieces() {
        // One text code for a whole row, the gaps between cells made by DeltaX alone.
        let row = r#"<ofd:TextObject ID="2" Boundary="20 50 170 5" Size="3.5"><ofd:TextCode X="0" Y="4" DeltaX="3.5 40 1.8 40">规章135</ofd:TextCode></ofd:TextObject>"#;
        assert_eq!(lines(&ofd(&[row])), ["规章 13 5"]);
    }

    #[test]
    fn ctm_scales_and_places_the_object() {
        // Text drawn at ten times the size and shrunk back by the CTM (as some writers do), and
        // a text code continuing where the one before it ended.
        let scaled = r#"<ofd:TextObject ID="2" Boundary="0 0 210 297" CTM="0.1 0 0 0.1 20 10" Size="35"><ofd:TextCode X="0" Y="400" DeltaX="g 3 35">本年新收</ofd:TextCode><ofd:TextCode>数量</ofd:TextCode></ofd:TextObject>"#;
        let beside = text(80.0, 50.0, "12");
        assert_eq!(lines(&ofd(&[&format!("{scaled}{beside}")])), ["本年新收数量 12"]);
    }

    #[test]
    fn entities_and_lower_case_size_and_relative_locations() {
        let body = r#"<ofd:PageBlock><ofd:TextObject ID="2" Boundary="20 20 100 5" size="3.5"><ofd:TextCode X="0" Y="4" DeltaX="g 3 1.8">A&amp;B&#x4E00;</ofd:TextCode></ofd:TextObject></ofd:PageBlock>"#;
        assert_eq!(lines(&ofd(&[body])), ["A&B一"]);
        assert_eq!(resolve("Doc_0", "Pages/Page_0/Content.xml"), "Doc_0/Pages/Page_0/Content.xml");
        assert_eq!(resolve("Doc_0", "/Doc_0/Pages/P.xml"), "Doc_0/Pages/P.xml");
        assert_eq!(resolve("Doc_0/Pages", "../Res/x.xml"), "Doc_0/Res/x.xml");
        assert_eq!(deltas("g 3 2.5 1", 100), [2.5, 2.5, 2.5, 1.0]);
        assert_eq!(deltas("g 999999999 1", 4), [1.0; 4]);
    }

    #[test]
    fn refusals_are_errors_with_a_message() {
        assert!(matches!(read(&ofd(&[""])), Err(Error::OfdWithoutText)));
        assert!(matches!(read(b"PK\x03\x04 not a zip"), Err(Error::Ofd(_))));
        let no_root = stored_zip(&[("OFD.xml", b"<ofd:OFD xmlns:ofd=\"x\"/>".as_slice())]);
        assert!(matches!(read(&no_root), Err(Error::Ofd(m)) if m.contains("DocRoot")));
        let missing_page = stored_zip(&[
            ("OFD.xml", b"<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>".as_slice()),
            ("D/Document.xml", b"<Document><Pages><Page BaseLoc=\"P/Content.xml\"/></Pages></Document>".as_slice()),
        ]);
        assert!(matches!(read(&missing_page), Err(Error::Ofd(m)) if m.contains("D/P/Content.xml")));
        // A broken page among readable ones is left out; the others are read.
        let broken = ofd(&[
            &text(20.0, 20.0, "一、总体情况"),
            "<ofd:TextObject></ofd:Layer>",
            &text(20.0, 20.0, "二、主动公开"),
        ]);
        assert_eq!(lines(&broken), ["一、总体情况", "二、主动公开"]);
        // Some writers name a page in a child element, from the package root.
        let page = format!("<Page><Content><Layer>{}</Layer></Content></Page>", text(20.0, 20.0, "规章 13"));
        let child_loc = stored_zip(&[
            ("OFD.xml", b"<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody></OFD>".as_slice()),
            (
                "D/Document.xml",
                b"<Document><Pages><Page ID=\"1\"><BaseLoc>D/P/Content.xml</BaseLoc></Page></Pages></Document>"
                    .as_slice(),
            ),
            ("D/P/Content.xml", page.as_bytes()),
        ]);
        assert_eq!(lines(&child_loc), ["规章 13"]);
        for e in [Error::Ofd("x".into()), Error::OfdWithoutText] {
            assert!(e.message_zh().contains("OFD"));
        }
    }
}
