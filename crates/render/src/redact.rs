//! The redacted copy of a document to release (区分处理, Art. 37): every occurrence of each text
//! to withhold is replaced, character for character, by ■ in the text itself — never covered
//! by a drawing over text that is still there. DOCX: body, tables, headers, footers, footnotes,
//! comments, tracked deletions and field codes, attribute values (alt text, authors), with the
//! document properties emptied. XLSX: shared and inline strings, numbers (a withheld number
//! becomes text), sheet names, comments, headers and footers, properties. Plain text and HTML
//! as text. A text split over several runs of a paragraph is found as the reader sees it.

use std::borrow::Cow;
use std::io::{Read, Write};

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// What replaces each withheld character.
pub const MASK: char = '■';

/// Why a document could not be redacted (nothing is released then).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedactError {
    #[error("文件无法打开：{0}")]
    Package(String),
    #[error("文件内容无法解析：{0}")]
    Xml(String),
}

/// A redacted copy and how many occurrences were withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub bytes: Vec<u8>,
    pub withheld: usize,
}

/// The characters of `text` (by char index) that fall in an occurrence of any of `withhold`.
fn mask_of(text: &str, withhold: &[String]) -> (Vec<bool>, usize) {
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut mask = vec![false; starts.len()];
    let mut count = 0;
    for needle in withhold.iter().map(|w| w.as_str()).filter(|w| !w.is_empty()) {
        for (at, m) in text.match_indices(needle) {
            count += 1;
            let first = starts.partition_point(|&s| s < at);
            let last = starts.partition_point(|&s| s < at + m.len());
            mask[first..last].iter_mut().for_each(|b| *b = true);
        }
    }
    (mask, count)
}

/// `text` with every occurrence of `withhold` masked, and how many there were.
pub fn redact_text(text: &str, withhold: &[String]) -> (String, usize) {
    let (mask, count) = mask_of(text, withhold);
    let out = text.chars().zip(&mask).map(|(c, m)| if *m { MASK } else { c }).collect();
    (out, count)
}

/// What a part's XML holds and how to walk it.
#[derive(Clone, Copy)]
struct Rules {
    /// Elements whose text is document text.
    text: &'static [&'static str],
    /// Elements that close a unit of text (a paragraph, a shared string, a cell, a comment).
    unit: &'static [&'static str],
    /// Attributes emptied wherever they stand (who wrote a comment or a change).
    blank_attributes: &'static [&'static str],
    /// Cells of a worksheet: a withheld number becomes an inline string.
    cells: bool,
}

const DOCX: Rules = Rules {
    text: &["w:t", "w:delText", "w:instrText"],
    unit: &["w:p"],
    blank_attributes: &["w:author", "w:initials", "w15:userId", "w15:providerId"],
    cells: false,
};

const XLSX_STRINGS: Rules =
    Rules { text: &["t"], unit: &["si", "comment", "author"], blank_attributes: &[], cells: false };

const XLSX_SHEET: Rules = Rules {
    text: &["t", "v", "f", "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"],
    unit: &["c", "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"],
    blank_attributes: &[],
    cells: true,
};

const XLSX_OTHER: Rules =
    Rules { text: &["t", "author"], unit: &["comment", "author"], blank_attributes: &[], cells: false };

/// One event kept until its unit of text is complete.
enum Held {
    Plain(Event<'static>),
    /// Document text, unescaped.
    Text(String),
    /// A character or entity reference inside document text, with what it stands for.
    Ref(Event<'static>, String),
}

struct Rewriter<'w> {
    rules: Rules,
    withhold: &'w [String],
    writer: Writer<Vec<u8>>,
    held: Vec<Held>,
    withheld: usize,
    /// The text of every unit, for the proposals.
    collected: String,
}

fn xml_error(e: impl std::fmt::Display) -> RedactError {
    RedactError::Xml(e.to_string())
}

impl Rewriter<'_> {
    fn write(&mut self, e: Event<'_>) -> Result<(), RedactError> {
        self.writer.write_event(e).map_err(xml_error)
    }

    /// Masks the held unit and writes it out.
    fn flush(&mut self) -> Result<(), RedactError> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        let joined: String = held
            .iter()
            .map(|h| match h {
                Held::Text(t) | Held::Ref(_, t) => t.as_str(),
                Held::Plain(_) => "",
            })
            .collect();
        if !joined.trim().is_empty() {
            self.collected.push_str(&joined);
            self.collected.push('\n');
        }
        let (mask, count) = mask_of(&joined, self.withhold);
        self.withheld += count;
        if self.rules.cells && count > 0 && number_cell(&held) {
            return self.write_number_as_text(&held, &joined, &mask);
        }
        let mut at = 0;
        for h in held {
            match h {
                Held::Plain(e) => self.write(e)?,
                Held::Text(t) => {
                    let n = t.chars().count();
                    let masked: String =
                        t.chars().zip(&mask[at..at + n]).map(|(c, m)| if *m { MASK } else { c }).collect();
                    at += n;
                    self.write(Event::Text(BytesText::new(&masked)))?;
                }
                Held::Ref(e, t) => {
                    let n = t.chars().count();
                    if mask[at..at + n].iter().any(|m| *m) {
                        self.write(Event::Text(BytesText::new(&MASK.to_string().repeat(n))))?;
                    } else {
                        self.write(e)?;
                    }
                    at += n;
                }
            }
        }
        Ok(())
    }

    /// A numeric cell whose value is withheld: written as an inline string of the masked value
    /// (its formula dropped, which would give the number back).
    fn write_number_as_text(&mut self, held: &[Held], joined: &str, mask: &[bool]) -> Result<(), RedactError> {
        let Some(Held::Plain(Event::Start(start))) = held.first() else { return Ok(()) };
        let mut cell = BytesStart::new("c");
        for a in start.attributes().flatten() {
            if a.key.as_ref() != "t" {
                let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_error)?;
                cell.push_attribute((a.key.as_ref(), value.as_ref()));
            }
        }
        cell.push_attribute(("t", "inlineStr"));
        // The value alone (a formula's text is not shown).
        let value: String = joined.chars().zip(mask).map(|(c, m)| if *m { MASK } else { c }).collect();
        let value = value.chars().skip(formula_chars(held)).collect::<String>();
        self.write(Event::Start(cell))?;
        self.write(Event::Start(BytesStart::new("is")))?;
        self.write(Event::Start(BytesStart::new("t")))?;
        self.write(Event::Text(BytesText::new(&value)))?;
        self.write(Event::End(BytesEnd::new("t")))?;
        self.write(Event::End(BytesEnd::new("is")))?;
        self.write(Event::End(BytesEnd::new("c")))
    }

    /// An element's attributes with authors emptied and withheld text masked.
    fn clean_start(&mut self, e: &BytesStart<'_>) -> Result<Option<BytesStart<'static>>, RedactError> {
        let mut changed = false;
        let mut out = BytesStart::new(e.name().as_ref().to_string());
        for a in e.attributes() {
            let a = a.map_err(xml_error)?;
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(xml_error)?;
            let new: Cow<str> = if self.rules.blank_attributes.contains(&a.key.as_ref()) && !value.is_empty() {
                changed = true;
                Cow::Borrowed("")
            } else {
                let (masked, n) = redact_text(&value, self.withhold);
                if n > 0 {
                    changed = true;
                    self.withheld += n;
                    Cow::Owned(masked)
                } else {
                    value
                }
            };
            out.push_attribute((a.key.as_ref(), new.as_ref()));
        }
        Ok(changed.then_some(out))
    }
}

/// Whether a held cell is a number (no `t`, or `t="n"`) with a value.
fn number_cell(held: &[Held]) -> bool {
    let Some(Held::Plain(Event::Start(start))) = held.first() else { return false };
    if start.name().as_ref() != "c" {
        return false;
    }
    let t = start.attributes().flatten().find(|a| a.key.as_ref() == "t").map(|a| a.value.into_owned());
    matches!(t.as_deref(), None | Some("n"))
}

/// How many characters of a held cell's text belong to its formula (which comes before the
/// value in the XML).
fn formula_chars(held: &[Held]) -> usize {
    let mut in_formula = false;
    let mut n = 0;
    for h in held {
        match h {
            Held::Plain(Event::Start(s)) if s.name().as_ref() == "f" => in_formula = true,
            Held::Plain(Event::End(e)) if e.name().as_ref() == "f" => in_formula = false,
            Held::Text(t) | Held::Ref(_, t) if in_formula => n += t.chars().count(),
            _ => {}
        }
    }
    n
}

/// One XML part rewritten under `rules`: (the new XML, occurrences withheld, its text).
fn rewrite_part(xml: &[u8], rules: Rules, withhold: &[String]) -> Result<(Vec<u8>, usize, String), RedactError> {
    let text = std::str::from_utf8(xml).map_err(xml_error)?;
    let mut reader = Reader::from_str(text);
    let mut w = Rewriter {
        rules,
        withhold,
        writer: Writer::new(Vec::with_capacity(xml.len())),
        held: Vec::new(),
        withheld: 0,
        collected: String::new(),
    };
    // The element names open now; the innermost last.
    let mut open: Vec<String> = Vec::new();
    let in_text = |open: &[String]| open.last().is_some_and(|n| rules.text.contains(&n.as_str()));
    let holding = |open: &[String]| open.iter().any(|n| rules.unit.contains(&n.as_str()));
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                let is_unit = rules.unit.contains(&name.as_str());
                if is_unit && !holding(&open) {
                    w.flush()?;
                }
                let e = match w.clean_start(&e)? {
                    Some(clean) => clean,
                    None => e.into_owned(),
                };
                open.push(name);
                if holding(&open) {
                    w.held.push(Held::Plain(Event::Start(e)));
                } else {
                    w.write(Event::Start(e))?;
                }
            }
            Event::Empty(e) => {
                let e = match w.clean_start(&e)? {
                    Some(clean) => clean,
                    None => e.into_owned(),
                };
                if holding(&open) {
                    w.held.push(Held::Plain(Event::Empty(e)));
                } else {
                    w.write(Event::Empty(e))?;
                }
            }
            Event::End(e) => {
                let name = open.pop().unwrap_or_default();
                if holding(&open) || rules.unit.contains(&name.as_str()) {
                    w.held.push(Held::Plain(Event::End(e.into_owned())));
                    if !holding(&open) {
                        w.flush()?;
                    }
                } else {
                    w.write(Event::End(e))?;
                }
            }
            Event::Text(t) if in_text(&open) => {
                let s = t.xml10_content().into_owned();
                if holding(&open) {
                    w.held.push(Held::Text(s));
                } else {
                    // Text outside any unit: masked on its own.
                    let (masked, n) = redact_text(&s, withhold);
                    w.withheld += n;
                    w.collected.push_str(&s);
                    w.collected.push('\n');
                    w.write(Event::Text(BytesText::new(&masked)))?;
                }
            }
            Event::GeneralRef(r) if in_text(&open) => {
                let stands_for = match r.resolve_char_ref().map_err(xml_error)? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r).unwrap_or_default().to_string(),
                };
                let e = Event::GeneralRef(r.into_owned());
                if holding(&open) {
                    w.held.push(Held::Ref(e, stands_for));
                } else {
                    let (_, n) = redact_text(&stands_for, withhold);
                    w.withheld += n;
                    w.write(e)?;
                }
            }
            other => {
                if holding(&open) {
                    w.held.push(Held::Plain(other.into_owned()));
                } else {
                    w.write(other)?;
                }
            }
        }
    }
    w.flush()?;
    Ok((w.writer.into_inner(), w.withheld, w.collected))
}

/// The document properties as a released copy carries them: none (author, company, title and
/// the rest are gone, whatever they held).
fn empty_properties(name: &str) -> Option<&'static str> {
    Some(match name {
        "docProps/core.xml" => {
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>"#
        }
        "docProps/app.xml" => {
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>"#
        }
        "docProps/custom.xml" => {
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>"#
        }
        _ => return None,
    })
}

/// The rules for a part of a package, if it holds text.
fn rules_for(name: &str, docx: bool) -> Option<Rules> {
    if !name.ends_with(".xml") && !name.ends_with(".rels") {
        return None;
    }
    if docx {
        return name.starts_with("word/").then_some(DOCX);
    }
    if name == "xl/sharedStrings.xml" {
        Some(XLSX_STRINGS)
    } else if name.starts_with("xl/worksheets/") && !name.contains("_rels") {
        Some(XLSX_SHEET)
    } else if name.starts_with("xl/") {
        Some(XLSX_OTHER)
    } else {
        None
    }
}

fn rewrite_package(bytes: &[u8], withhold: &[String], docx: bool) -> Result<(Redacted, String), RedactError> {
    let bad = |e: zip::result::ZipError| RedactError::Package(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(bad)?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(bytes.len())));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut withheld = 0;
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(bad)?;
        let name = part.name().to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).map_err(|e| RedactError::Package(e.to_string()))?;
        let content = match (empty_properties(&name), rules_for(&name, docx)) {
            (Some(empty), _) => empty.as_bytes().to_vec(),
            (None, Some(rules)) => {
                let (xml, n, collected) = rewrite_part(&content, rules, withhold)?;
                withheld += n;
                // Relationships name files, not people: their text is not document text.
                if !name.ends_with(".rels") {
                    text.push_str(&collected);
                }
                xml
            }
            (None, None) => content,
        };
        out.start_file(name, options).map_err(bad)?;
        out.write_all(&content).map_err(|e| RedactError::Package(e.to_string()))?;
    }
    let bytes = out.finish().map_err(bad)?.into_inner();
    Ok((Redacted { bytes, withheld }, text))
}

/// The redacted copy of a DOCX.
pub fn redact_docx(bytes: &[u8], withhold: &[String]) -> Result<Redacted, RedactError> {
    rewrite_package(bytes, withhold, true).map(|(r, _)| r)
}

/// The redacted copy of an XLSX.
pub fn redact_xlsx(bytes: &[u8], withhold: &[String]) -> Result<Redacted, RedactError> {
    rewrite_package(bytes, withhold, false).map(|(r, _)| r)
}

/// The text of a DOCX or XLSX as the redaction reads it (one unit per line), for proposals.
pub fn package_text(bytes: &[u8], docx: bool) -> Result<String, RedactError> {
    rewrite_package(bytes, &[], docx).map(|(_, t)| t)
}
