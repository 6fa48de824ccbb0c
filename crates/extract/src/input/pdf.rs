//! PDF documents with a text layer: positioned text laid out into lines in reading order.
//!
//! lopdf parses the file and decodes strings (ToUnicode, predefined CMaps); this module runs the
//! text operators of each page (text and graphics matrices, font widths, TJ kerning), collects
//! positioned runs, groups them into lines by baseline and orders lines top to bottom. Runs on
//! one line are joined with a space when there is a visible gap, so a table row prints as
//! "规章 13 13 524". Page-number lines at the top or bottom of a page are dropped so that a
//! table split across pages continues.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

use super::{PlacedLine, RawBlock, RawDoc, Span, guard};
use crate::Error;

/// Bound on the decompressed size of any one stream (content, font map).
pub(crate) const MAX_STREAM: usize = 64 * 1024 * 1024;
/// Form XObjects nested deeper than this are not read.
const MAX_FORM_DEPTH: usize = 6;
/// Bound on the positioned runs of one page (hostile files).
const MAX_RUNS_PER_PAGE: usize = 200_000;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    let pages = guard::catch(|| read_pages(bytes)).map_err(|p| Error::Pdf(format!("the PDF parser failed: {p}")))??;
    let lines: Vec<PlacedLine> = pages.into_iter().flatten().collect();
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(Error::PdfWithoutText);
    }
    Ok(RawDoc { blocks: vec![RawBlock::Placed(lines)] })
}

/// The lines of each page.
fn read_pages(bytes: &[u8]) -> Result<Vec<Vec<PlacedLine>>, Error> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(MAX_STREAM), ..Default::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| Error::Pdf(e.to_string()))?;
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(Error::Pdf("the PDF is encrypted".into()));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Error::Pdf("the PDF has no pages".into()));
    }
    let mut out = Vec::with_capacity(pages.len());
    let mut first_error = None;
    for (&no, &page_id) in &pages {
        match page_lines(&doc, page_id) {
            Ok(mut lines) => {
                drop_page_numbers(&mut lines, no as usize);
                out.push(lines);
            }
            Err(e) => {
                first_error.get_or_insert(e);
                out.push(Vec::new());
            }
        }
    }
    if out.iter().all(|p| p.is_empty())
        && let Some(e) = first_error
    {
        return Err(Error::Pdf(format!("cannot read the page contents: {e}")));
    }
    Ok(out)
}

/// A piece of text shown at one place: start and end of its baseline in page space (after the
/// page rotation), and its size.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) x0: f64,
    pub(crate) x1: f64,
    pub(crate) y: f64,
    pub(crate) size: f64,
    pub(crate) text: String,
}

fn page_lines(doc: &Document, page_id: ObjectId) -> lopdf::Result<Vec<PlacedLine>> {
    let content = doc.get_page_content_with_limit(page_id, MAX_STREAM)?;
    let fonts = doc.get_page_fonts(page_id)?;
    let fonts: BTreeMap<Vec<u8>, FontInfo<'_>> =
        fonts.into_iter().map(|(name, dict)| (name, FontInfo::new(doc, dict))).collect();
    let xobjects = page_xobjects(doc, page_id);
    let mut runs = Vec::new();
    let mut interp = Interp { doc, runs: &mut runs };
    interp.run(&content, &fonts, &xobjects, IDENTITY, 0)?;
    let rot = page_rotation(doc, page_id);
    if rot != 0 {
        for r in &mut runs {
            rotate_run(r, rot);
        }
    }
    Ok(layout(runs))
}

pub(crate) type Matrix = [f64; 6];
pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b`: apply `a`, then `b`.
pub(crate) fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

pub(crate) fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

pub(crate) fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    if ops.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in ops[ops.len() - N..].iter().zip(out.iter_mut()) {
        *v = num(o).filter(|v| v.is_finite())?;
    }
    Some(out)
}

/// What the layout needs of a font: how to decode its strings and how wide its glyphs are.
pub(crate) struct FontInfo<'a> {
    pub(crate) encoding: Option<Encoding<'a>>,
    /// Composite (Type0) font: two-byte codes.
    pub(crate) two_byte: bool,
    widths: Widths,
}

enum Widths {
    /// Simple font: /FirstChar and /Widths (glyph space, 1/1000 em).
    Simple { first: u32, widths: Vec<f64>, missing: f64 },
    /// CID font: /W ranges and /DW, looked up by code when the CMap is Identity.
    Cid { ranges: Vec<(u32, u32, f64)>, default: f64, identity: bool },
}

impl<'a> FontInfo<'a> {
    pub(crate) fn new(doc: &'a Document, dict: &'a Dictionary) -> Self {
        let encoding = type3_to_unicode(doc, dict).or_else(|| dict.get_font_encoding_with_limit(doc, MAX_STREAM).ok());
        let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
        if subtype == b"Type0" {
            let identity =
                matches!(dict.get(b"Encoding").and_then(Object::as_name), Ok(b"Identity-H") | Ok(b"Identity-V"));
            let desc = dict
                .get_deref(b"DescendantFonts", doc)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            let default = desc.and_then(|d| d.get(b"DW").ok()).and_then(num).unwrap_or(1000.0);
            let ranges = desc
                .and_then(|d| d.get_deref(b"W", doc).ok())
                .and_then(|o| o.as_array().ok())
                .map(|w| cid_widths(doc, w))
                .unwrap_or_default();
            FontInfo { encoding, two_byte: true, widths: Widths::Cid { ranges, default, identity } }
        } else {
            let first = dict.get(b"FirstChar").ok().and_then(num).unwrap_or(0.0).max(0.0) as u32;
            let widths: Vec<f64> = dict
                .get_deref(b"Widths", doc)
                .and_then(Object::as_array)
                .map(|a| {
                    a.iter()
                        .take(65_536)
                        .map(|o| doc.dereference(o).ok().and_then(|(_, o)| num(o)).unwrap_or(0.0))
                        .collect()
                })
                .unwrap_or_default();
            // A Type 3 font's widths are in its own glyph space (/FontMatrix), not 1/1000 em.
            let widths =
                match dict.get(b"FontMatrix").and_then(Object::as_array).ok().and_then(|m| m.first()).and_then(num) {
                    Some(a) if subtype == b"Type3" && a.is_finite() && a > 0.0 => {
                        widths.into_iter().map(|w| w * a * 1000.0).collect()
                    }
                    _ => widths,
                };
            let missing = dict
                .get_deref(b"FontDescriptor", doc)
                .and_then(Object::as_dict)
                .ok()
                .and_then(|d| d.get(b"MissingWidth").ok())
                .and_then(num)
                .unwrap_or(0.0);
            FontInfo { encoding, two_byte: false, widths: Widths::Simple { first, widths, missing } }
        }
    }

    /// Width of one code in 1/1000 em; `ch` (the decoded text) is the fallback estimate.
    pub(crate) fn width(&self, code: u32, ch: Option<char>) -> f64 {
        let estimate = || match ch {
            Some(c) if c.is_ascii() => 500.0,
            _ => 1000.0,
        };
        match &self.widths {
            Widths::Simple { first, widths, missing } => {
                match code.checked_sub(*first).and_then(|i| widths.get(i as usize)) {
                    Some(&w) if w > 0.0 => w,
                    _ if *missing > 0.0 => *missing,
                    _ => estimate(),
                }
            }
            Widths::Cid { ranges, default, identity } => {
                if !identity {
                    return estimate();
                }
                let i = ranges.partition_point(|r| r.1 < code);
                match ranges.get(i) {
                    Some(&(lo, hi, w)) if lo <= code && code <= hi => w,
                    _ => *default,
                }
            }
        }
    }
}

/// A Type 3 font's ToUnicode map, which it must be read by: such fonts (Chromium prints text
/// with them) name their glyphs freely in /Differences, which lopdf cannot parse and replaces
/// by the standard encoding, turning every character into garbage.
fn type3_to_unicode<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<Encoding<'a>> {
    if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type3") {
        return None;
    }
    dict.get(b"ToUnicode").ok()?;
    // The same font without its /Encoding: lopdf then reads the ToUnicode map.
    let mut plain = dict.clone();
    plain.remove(b"Encoding");
    match plain.get_font_encoding_with_limit(doc, MAX_STREAM).ok()? {
        Encoding::UnicodeMapEncoding(map) => Some(Encoding::UnicodeMapEncoding(map)),
        _ => None,
    }
}

/// Parses a CID font's /W array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(doc: &Document, w: &[Object]) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let mut i = 0;
    let get = |o: &Object| doc.dereference(o).ok().map(|(_, o)| o.clone());
    while i < w.len() && out.len() < 100_000 {
        let Some(first) = num(&w[i]).filter(|v| *v >= 0.0) else { break };
        let first = first as u32;
        match w.get(i + 1).and_then(get) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate().take(65_536) {
                    if let Some(v) = num(o) {
                        let c = first.saturating_add(k as u32);
                        out.push((c, c, v));
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(v)) = (num(&last), w.get(i + 2).and_then(num)) else { break };
                if last >= first as f64 {
                    out.push((first, last.min(u32::MAX as f64) as u32, v));
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|r| (r.1, r.0));
    out
}

fn page_xobjects(doc: &Document, page_id: ObjectId) -> BTreeMap<Vec<u8>, ObjectId> {
    let mut out = BTreeMap::new();
    if let Ok((res, ids)) = doc.get_page_resources(page_id) {
        let dicts = res.into_iter().chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
        for d in dicts {
            collect_xobjects(doc, d, &mut out);
        }
    }
    out
}

fn collect_xobjects(doc: &Document, resources: &Dictionary, out: &mut BTreeMap<Vec<u8>, ObjectId>) {
    if let Ok(xo) = resources.get_deref(b"XObject", doc).and_then(Object::as_dict) {
        for (name, v) in xo.iter() {
            if let Object::Reference(id) = v {
                out.entry(name.clone()).or_insert(*id);
            }
        }
    }
}

/// /Rotate of a page, inherited through the page tree; 0, 90, 180 or 270.
fn page_rotation(doc: &Document, page_id: ObjectId) -> i64 {
    let mut id = page_id;
    for _ in 0..32 {
        let Ok(d) = doc.get_dictionary(id) else { break };
        if let Ok(r) = d.get(b"Rotate").and_then(Object::as_i64) {
            return r.rem_euclid(360) / 90 * 90;
        }
        match d.get(b"Parent").and_then(Object::as_reference) {
            Ok(p) => id = p,
            Err(_) => break,
        }
    }
    0
}

/// Maps a run into the page as displayed after a clockwise /Rotate.
fn rotate_run(r: &mut Run, rot: i64) {
    let f = |x: f64, y: f64| match rot {
        90 => (y, -x),
        180 => (-x, -y),
        270 => (-y, x),
        _ => (x, y),
    };
    // The run's start and end share the baseline: only the coordinates move.
    let (sx, sy) = f(r.x0, r.y);
    let (ex, _) = f(r.x1, r.y);
    r.x0 = sx;
    r.x1 = ex;
    r.y = sy;
}

#[derive(Clone)]
pub(crate) struct TextState {
    pub(crate) font: Option<Vec<u8>>,
    pub(crate) size: f64,
    pub(crate) char_spacing: f64,
    pub(crate) word_spacing: f64,
    pub(crate) scale: f64,
    pub(crate) leading: f64,
    pub(crate) rise: f64,
}

impl Default for TextState {
    fn default() -> Self {
        TextState { font: None, size: 0.0, char_spacing: 0.0, word_spacing: 0.0, scale: 1.0, leading: 0.0, rise: 0.0 }
    }
}

/// Where text goes as a content stream runs: the graphics and text state and matrices, moved by
/// the state operators. The reader and the redaction walk pages with it alike.
pub(crate) struct TextCursor {
    pub(crate) ctm: Matrix,
    pub(crate) ts: TextState,
    pub(crate) tm: Matrix,
    tlm: Matrix,
    stack: Vec<(Matrix, TextState)>,
}

impl TextCursor {
    pub(crate) fn new(base: Matrix) -> TextCursor {
        TextCursor { ctm: base, ts: TextState::default(), tm: IDENTITY, tlm: IDENTITY, stack: Vec::new() }
    }

    fn next_line(&mut self) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -self.ts.leading], &self.tlm);
        self.tm = self.tlm;
    }

    /// Applies `op` if it changes the state (q Q cm BT Tf Tc Tw Tz TL Ts Td TD Tm T*); for the
    /// text-showing operators, moves to the next line first where ' and " do. Returns the items
    /// a text-showing operator shows (strings and TJ numbers), `None` for any other operator.
    pub(crate) fn apply<'o>(&mut self, op: &'o lopdf::content::Operation) -> Option<&'o [Object]> {
        let o = &op.operands;
        let ts = &mut self.ts;
        match op.operator.as_str() {
            "q" if self.stack.len() < 256 => self.stack.push((self.ctm, ts.clone())),
            "Q" => {
                if let Some((c, t)) = self.stack.pop() {
                    self.ctm = c;
                    *ts = t;
                }
            }
            "cm" => {
                if let Some(m) = nums::<6>(o) {
                    self.ctm = mul(&m, &self.ctm);
                }
            }
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            "Tf" => {
                if let (Some(name), Some(size)) = (o.first().and_then(|n| n.as_name().ok()), o.get(1).and_then(num)) {
                    ts.font = Some(name.to_vec());
                    ts.size = size;
                }
            }
            "Tc" => ts.char_spacing = nums::<1>(o).map_or(ts.char_spacing, |v| v[0]),
            "Tw" => ts.word_spacing = nums::<1>(o).map_or(ts.word_spacing, |v| v[0]),
            "Tz" => ts.scale = nums::<1>(o).map_or(ts.scale, |v| v[0] / 100.0),
            "TL" => ts.leading = nums::<1>(o).map_or(ts.leading, |v| v[0]),
            "Ts" => ts.rise = nums::<1>(o).map_or(ts.rise, |v| v[0]),
            "Td" | "TD" => {
                if let Some([tx, ty]) = nums::<2>(o) {
                    if op.operator == "TD" {
                        ts.leading = -ty;
                    }
                    self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
                    self.tm = self.tlm;
                }
            }
            "Tm" => {
                if let Some(m) = nums::<6>(o) {
                    self.tlm = m;
                    self.tm = m;
                }
            }
            "T*" => self.next_line(),
            "Tj" | "'" | "\"" | "TJ" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    if op.operator == "\""
                        && let Some([aw, ac, _]) = nums_prefix::<3>(o)
                    {
                        ts.word_spacing = aw;
                        ts.char_spacing = ac;
                    }
                    self.next_line();
                }
                return Some(match (op.operator.as_str(), o.last()) {
                    ("TJ", Some(Object::Array(a))) => a,
                    (_, Some(last)) => std::slice::from_ref(last),
                    _ => &[],
                });
            }
            _ => {}
        }
        None
    }

    /// Moves the text position over a TJ number.
    pub(crate) fn kern(&mut self, adj: f64) {
        let tx = -adj / 1000.0 * self.ts.size * self.ts.scale;
        self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
    }

    /// How far one glyph `code` (text `ch`) of `font` moves the text position, in text space.
    pub(crate) fn advance_of(&self, font: Option<&FontInfo<'_>>, code: u32, ch: Option<char>) -> f64 {
        let two_byte = font.is_some_and(|f| f.two_byte);
        let w = font.map_or(500.0, |f| f.width(code, ch)) / 1000.0;
        let mut tx = w * self.ts.size + self.ts.char_spacing;
        if !two_byte && code == 32 {
            tx += self.ts.word_spacing;
        }
        tx * self.ts.scale
    }

    /// The text rendering matrix at the current position.
    pub(crate) fn trm(&self) -> Matrix {
        let ts = &self.ts;
        mul(&mul(&[ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise], &self.tm), &self.ctm)
    }

    pub(crate) fn advance(&mut self, by: f64) {
        self.tm = mul(&[1.0, 0.0, 0.0, 1.0, by, 0.0], &self.tm);
    }
}

struct Interp<'d, 'r> {
    doc: &'d Document,
    runs: &'r mut Vec<Run>,
}

impl<'d> Interp<'d, '_> {
    fn run(
        &mut self,
        content: &[u8],
        fonts: &BTreeMap<Vec<u8>, FontInfo<'d>>,
        xobjects: &BTreeMap<Vec<u8>, ObjectId>,
        base: Matrix,
        depth: usize,
    ) -> lopdf::Result<()> {
        let content = Content::decode(content)?;
        let mut cursor = TextCursor::new(base);
        for op in &content.operations {
            if self.runs.len() >= MAX_RUNS_PER_PAGE {
                break;
            }
            if let Some(items) = cursor.apply(op) {
                let font = cursor.ts.font.as_ref().and_then(|f| fonts.get(f));
                for item in items {
                    match item {
                        Object::String(bytes, _) => self.show(bytes, font, &mut cursor),
                        other => {
                            if let Some(adj) = num(other) {
                                cursor.kern(adj);
                            }
                        }
                    }
                }
            } else if op.operator == "Do"
                && depth < MAX_FORM_DEPTH
                && let Some(id) = op.operands.first().and_then(|n| n.as_name().ok()).and_then(|n| xobjects.get(n))
            {
                self.form(*id, &cursor.ctm, depth);
            }
        }
        Ok(())
    }

    /// Runs a form XObject with its own resources (inheriting nothing else).
    fn form(&mut self, id: ObjectId, ctm: &Matrix, depth: usize) {
        let Ok(Object::Stream(stream)) = self.doc.get_object(id) else { return };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let matrix =
            stream.dict.get(b"Matrix").and_then(Object::as_array).ok().and_then(|a| nums::<6>(a)).unwrap_or(IDENTITY);
        let Ok(content) = stream
            .decompressed_content_with_limit(MAX_STREAM)
            .or_else(|_| if stream.dict.get(b"Filter").is_err() { Ok(stream.content.clone()) } else { Err(()) })
        else {
            return;
        };
        let doc = self.doc;
        let mut fonts = BTreeMap::new();
        let mut xobjects = BTreeMap::new();
        if let Ok(res) = stream.dict.get_deref(b"Resources", doc).and_then(Object::as_dict) {
            if let Ok(fd) = res.get_deref(b"Font", doc).and_then(Object::as_dict) {
                for (name, v) in fd.iter() {
                    if let Ok((_, Object::Dictionary(d))) = doc.dereference(v) {
                        fonts.insert(name.clone(), FontInfo::new(doc, d));
                    }
                }
            }
            collect_xobjects(doc, res, &mut xobjects);
        }
        let _ = self.run(&content, &fonts, &xobjects, mul(&matrix, ctm), depth + 1);
    }

    /// Shows one string: decodes it, measures it and records a run.
    fn show(&mut self, bytes: &[u8], font: Option<&FontInfo<'_>>, cursor: &mut TextCursor) {
        let text =
            font.and_then(|f| f.encoding.as_ref()).and_then(|e| e.bytes_to_string(bytes).ok()).unwrap_or_default();
        let two_byte = font.is_some_and(|f| f.two_byte);
        let codes: Vec<u32> = if two_byte {
            bytes.chunks(2).map(|c| c.iter().fold(0u32, |a, &b| (a << 8) | b as u32)).collect()
        } else {
            bytes.iter().map(|&b| b as u32).collect()
        };
        let chars: Vec<char> = text.chars().collect();
        let same_count = chars.len() == codes.len();
        let start = cursor.trm();
        let mut advance = 0.0;
        for (i, &code) in codes.iter().enumerate() {
            let ch = if same_count { chars.get(i).copied() } else { chars.first().copied() };
            advance += cursor.advance_of(font, code, ch);
        }
        cursor.advance(advance);
        let end = cursor.trm();
        let clean: String = text.chars().filter(|c| !c.is_control() || *c == ' ').collect();
        if clean.trim().is_empty() {
            return;
        }
        let size = (start[2] * start[2] + start[3] * start[3]).sqrt();
        let (x0, x1) = (start[4], end[4]);
        if !(x0.is_finite() && x1.is_finite() && start[5].is_finite() && size.is_finite()) {
            return;
        }
        self.runs.push(Run { x0, x1: x1.max(x0), y: start[5], size: size.max(1.0), text: clean });
    }
}

/// Like [`nums`], over the first `N` operands.
pub(crate) fn nums_prefix<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    nums::<N>(ops.get(..N)?)
}

/// Groups runs into lines by baseline (top to bottom) and joins each line left to right,
/// keeping where each white-space separated piece sits (characters of a run are spread evenly
/// over its width).
pub(crate) fn layout(runs: Vec<Run>) -> Vec<PlacedLine> {
    join_wrapped_labels(join_wrapped_figures(lay_out_lines(runs))).into_iter().map(|l| l.line).collect()
}

/// A laid-out line with its baseline and font size (the largest of its runs).
#[derive(Debug)]
struct Laid {
    y: f64,
    size: f64,
    line: PlacedLine,
}

fn lay_out_lines(mut runs: Vec<Run>) -> Vec<Laid> {
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for r in runs {
        match lines.last_mut() {
            Some(line) if (line[0].y - r.y).abs() <= 0.4 * line[0].size.min(r.size) => line.push(r),
            _ => lines.push(vec![r]),
        }
    }
    lines
        .into_iter()
        .filter_map(|mut line| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            let mut spans: Vec<Span> = Vec::new();
            let mut piece: Option<Span> = None;
            let mut prev: Option<&Run> = None;
            let letter = letter_gap(&line);
            let word_letter = word_letter_gap(&line);
            for r in &line {
                if let Some(p) = prev {
                    // Text drawn twice (fake bold) or overlapping: keep the first.
                    if p.text == r.text && (p.x0 - r.x0).abs() < 0.3 * r.size {
                        continue;
                    }
                    let gap = r.x0 - p.x1;
                    // (A sign set apart from its digits the same way, "- 2", is joined too.)
                    let spaced_digits = letter.is_some_and(|l| {
                        (ends_in_figure(&p.text) || matches!(p.text.as_str(), "-" | "+" | "－" | "＋"))
                            && starts_figure(&r.text)
                            && gap <= l + 0.05 * r.size.min(p.size)
                    });
                    // An item number set apart from its point by letter spacing ("2 . 其 他"):
                    // a figure is never followed by a point standing alone.
                    let item_point = p.text.chars().last().is_some_and(|c| c.is_ascii_digit())
                        && matches!(r.text.as_str(), "." | "、" | "．")
                        && gap < r.size.min(p.size);
                    let spaced_word = word_letter.is_some_and(|l| {
                        lone_cjk(&p.text) && lone_cjk(&r.text) && gap <= l + 0.05 * r.size.min(p.size)
                    });
                    let letter_spaced = spaced_digits || item_point || spaced_word;
                    if gap > 0.15 * r.size.min(p.size)
                        && !letter_spaced
                        && !text.ends_with(' ')
                        && !r.text.starts_with(' ')
                    {
                        text.push(' ');
                        spans.extend(piece.take());
                    }
                }
                let n = r.text.chars().count().max(1) as f64;
                let w = (r.x1 - r.x0) / n;
                for (k, ch) in r.text.chars().enumerate() {
                    if ch.is_whitespace() {
                        spans.extend(piece.take());
                        if !text.ends_with(' ') {
                            text.push(' ');
                        }
                        continue;
                    }
                    let x0 = (r.x0 + k as f64 * w) as f32;
                    let x1 = (r.x0 + (k + 1) as f64 * w) as f32;
                    match &mut piece {
                        Some(s) => s.x1 = s.x1.max(x1),
                        None => piece = Some(Span { x0, x1 }),
                    }
                    text.push(ch);
                }
                prev = Some(r);
            }
            spans.extend(piece.take());
            let text = super::collapse_ws(&text);
            let y = line[0].y;
            let size = line.iter().map(|r| r.size).fold(0.0, f64::max);
            (!text.is_empty()).then_some(Laid { y, size, line: PlacedLine { text, spans } })
        })
        .collect()
}

fn ends_in_figure(t: &str) -> bool {
    t.chars().last().is_some_and(|c| c.is_ascii_digit() || c == '.')
}

fn starts_figure(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
}

/// Figures set with letter spacing (a cell's 分散对齐, or widened character spacing) print each
/// digit apart ("7 0 5" for 705): the gap between digits of one figure, when the line shows it.
/// Such gaps are small (under 0.6 of the type size), all alike, and at most half of any gap
/// between figures of different cells; a line without two kinds of gaps between its digits, or
/// with unlike small gaps, has none.
fn letter_gap(line: &[Run]) -> Option<f64> {
    alike_gaps(line, &|t| ends_in_figure(t), &|t| starts_figure(t), 0.6)
}

/// Words set with letter spacing the same way ("上 一 年 项 目   处 理 决 定 数" in a header
/// line): the gap between characters of one word, under the type size. A letter-spaced word
/// is drawn a glyph at a time with a gap after each, so a line where two characters touch (or
/// a run holds several) is not set so: header words filling narrow cells have alike gaps too,
/// but between words.
fn word_letter_gap(line: &[Run]) -> Option<f64> {
    let touching = line.windows(2).any(|w| {
        crate::normalize::is_cjk(w[0].text.chars().last().unwrap_or(' '))
            && crate::normalize::is_cjk(w[1].text.chars().next().unwrap_or(' '))
            && (w[0].text.chars().count() > 1
                || w[1].text.chars().count() > 1
                || w[1].x0 - w[0].x1 <= 0.15 * w[0].size.min(w[1].size))
    });
    if touching {
        return None;
    }
    alike_gaps(line, &lone_cjk, &lone_cjk, 1.0)
}

/// The text after a leading item number ("5.属于…" gives "属于…"); `None` without one.
fn after_item_number(t: &str) -> Option<&str> {
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    (rest.len() < t.len()).then(|| rest.strip_prefix(['.', '、']))?
}

/// A run of one CJK character.
fn lone_cjk(t: &str) -> bool {
    let mut chars = t.chars();
    chars.next().is_some_and(crate::normalize::is_cjk) && chars.next().is_none()
}

/// The gap of letter spacing between runs ending as `end` says and runs starting as `start`
/// says: gaps under `limit` of the type size (and over the 0.15 that makes a space) all alike,
/// each other such gap at least twice as wide.
fn alike_gaps(line: &[Run], end: &dyn Fn(&str) -> bool, start: &dyn Fn(&str) -> bool, limit: f64) -> Option<f64> {
    /// Gaps with the smaller type size of the two runs.
    type Gaps = Vec<(f64, f64)>;
    let gaps: Gaps = line
        .windows(2)
        .filter(|w| end(&w[0].text) && start(&w[1].text))
        .map(|w| (w[1].x0 - w[0].x1, w[0].size.min(w[1].size)))
        .filter(|(g, _)| *g > 0.0)
        .collect();
    let (small, large): (Gaps, Gaps) = gaps.iter().partition(|(g, size)| *g < limit * size);
    let small: Gaps = small.into_iter().filter(|(g, size)| *g > 0.15 * size).collect();
    let size = small.iter().map(|(_, s)| *s).fold(f64::INFINITY, f64::min);
    let lo = small.iter().map(|(g, _)| *g).fold(f64::INFINITY, f64::min);
    let hi = small.iter().map(|(g, _)| *g).fold(0.0, f64::max);
    if small.is_empty() || hi - lo > 0.1 * size || large.iter().any(|(g, _)| *g < 2.0 * hi) {
        return None;
    }
    Some(hi)
}

/// A figure too wide for its narrow cell wraps inside it ("27" printed as "2" above "7"), and
/// the cell centres the two lines on the row, so the text layer has the first part half a line
/// above the row's other figures and the second half a line below, in the row's hole for that
/// cell. Such parts are joined into the row at their column ("2" / "10 9 15" / "7" is
/// "27 10 9 15"). The parts must be figures only, pair up one above one below in the same
/// column, stand where the row prints nothing, and sit within one line of each other around the
/// row (two table rows are never that close). Words beside the parts (a label wrapped in its own
/// cell) stay on their lines for [`join_wrapped_labels`].
fn join_wrapped_figures(lines: Vec<Laid>) -> Vec<Laid> {
    let mut out: Vec<Laid> = Vec::with_capacity(lines.len());
    let mut rest: std::collections::VecDeque<Laid> = lines.into();
    while let Some(a) = rest.pop_front() {
        if rest.len() >= 2
            && let Some([top, row, bottom]) = wrapped_figures(&a, &rest[0], &rest[1])
        {
            rest.drain(..2);
            out.extend(top);
            out.extend(row);
            out.extend(bottom);
            continue;
        }
        out.push(a);
    }
    out
}

/// Pieces of a line with their extents, owned.
type Pieces = Vec<(String, Span)>;

/// The pieces of a line with their extents, when the text and the spans agree.
fn pieces(l: &Laid) -> Option<Vec<(&str, Span)>> {
    let p: Vec<&str> = l.line.text.split(' ').collect();
    (p.len() == l.line.spans.len()).then(|| p.into_iter().zip(l.line.spans.iter().copied()).collect())
}

/// Lines `a`, `b`, `c` rebuilt when `a` and `c` hold the wrapped parts of figures of row `b`
/// (see [`join_wrapped_figures`]): what is left of `a`, the joined row, what is left of `c`.
fn wrapped_figures(a: &Laid, b: &Laid, c: &Laid) -> Option<[Option<Laid>; 3]> {
    let size = a.size.max(b.size).max(c.size);
    let (above, below) = (a.y - b.y, b.y - c.y);
    if !(above > 0.0 && below > 0.0 && above + below <= 1.7 * size && (above - below).abs() <= 0.35 * size) {
        return None;
    }
    let part = |t: &str| {
        t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
    };
    // Label text beside the parts: anything without digits (a label set with letter spacing
    // prints "、" and "(" as pieces of their own).
    let words = |t: &str| !t.is_empty() && !t.chars().any(|c| c.is_ascii_digit());
    let (pa, pb, pc) = (pieces(a)?, pieces(b)?, pieces(c)?);
    // Parts of figures, and the words left of them (a wrapped label).
    let split = |p: &[(&str, Span)]| -> Option<(Pieces, Pieces)> {
        let first = p.iter().position(|(t, _)| part(t))?;
        let (w, f) = p.split_at(first);
        (w.iter().all(|(t, _)| words(t)) && f.iter().all(|(t, _)| part(t))).then(|| {
            (w.iter().map(|(t, s)| (t.to_string(), *s)).collect(), f.iter().map(|(t, s)| (t.to_string(), *s)).collect())
        })
    };
    let (wa, fa) = split(&pa)?;
    let (wc, fc) = split(&pc)?;
    if fa.len() != fc.len() {
        return None;
    }
    let overlaps = |x: Span, y: Span| x.x0 < y.x1 && y.x0 < x.x1;
    let mut row: Pieces = pb.iter().map(|(t, s)| (t.to_string(), *s)).collect();
    for ((ta, sa), (tc, sc)) in fa.into_iter().zip(fc) {
        let cell = Span { x0: sa.x0.min(sc.x0), x1: sa.x1.max(sc.x1) };
        // One column: the parts overlap each other, and the row prints nothing there.
        if !overlaps(sa, sc) || pb.iter().any(|(_, s)| overlaps(*s, cell)) {
            return None;
        }
        row.push((format!("{ta}{tc}"), cell));
    }
    // The words of a wrapped label stay left of every figure.
    let label_end = wa.iter().chain(&wc).map(|(_, s)| s.x1).fold(f32::MIN, f32::max);
    if row.iter().any(|(t, s)| !words(t) && s.x0 <= label_end) {
        return None;
    }
    row.sort_by(|x, y| x.1.x0.total_cmp(&y.1.x0));
    let laid = |l: &Laid, p: Pieces| -> Option<Laid> {
        (!p.is_empty()).then(|| Laid {
            y: l.y,
            size: l.size,
            line: PlacedLine {
                text: p.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(" "),
                spans: p.iter().map(|(_, s)| *s).collect(),
            },
        })
    };
    Some([laid(a, wa), laid(b, row), laid(c, wc)])
}

/// A row label wrapped inside its cell, with the row's figures centred in their cells, is laid
/// out as three lines: the label's first part, the figures (with the label's middle part when it
/// takes three lines), the label's last part ("行政规范性文" / "77 132 470" / "件"). Such a group
/// is one row of the table, "行政规范性文件 77 132 470", as the page shows it. The parts above and
/// below must stand in the label's column, left of every figure, each about half a line from the
/// figures (the centring), so that prose and separate rows are never joined.
fn join_wrapped_labels(lines: Vec<Laid>) -> Vec<Laid> {
    let mut rest: std::collections::VecDeque<Laid> = lines.into();
    let mut out: Vec<Laid> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        if rest.len() >= 3
            && let Some(row) = wrapped_row(&rest[0], &rest[1], &rest[2])
        {
            rest.drain(..3);
            out.push(row);
            continue;
        }
        out.extend(rest.pop_front());
    }
    out
}

/// The row that lines `a`, `b`, `c` make when `a` and `c` are parts of the label of `b`'s
/// figures (see [`join_wrapped_labels`]). A row whose group label wraps beside it ("不予" /
/// "公开" left of "5.属于三类内部事" / "务信息") has several label columns: each is read top to
/// bottom.
fn wrapped_row(a: &Laid, b: &Laid, c: &Laid) -> Option<Laid> {
    let is_figure = |t: &str| {
        t.chars().any(|c| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '%'))
    };
    let words_only = |t: &str| !t.chars().any(|c| c.is_ascii_digit()) && t.chars().any(crate::normalize::is_cjk);
    // Words, or words after an item number ("5.属于三类内部事").
    let label_piece = |t: &str| words_only(after_item_number(t).unwrap_or(t));
    // The pieces of a line of label parts only.
    let (top, bottom) = (pieces(a)?, pieces(c)?);
    if !top.iter().chain(&bottom).all(|(t, _)| label_piece(t)) {
        return None;
    }
    if top.len() != bottom.len() {
        return None;
    }
    // Several label columns only when the row's own label starts on the top line (its item
    // number): otherwise the lines are the middle of a longer label, whose start is above.
    let starts_row = |t: &str| after_item_number(t).is_some() || t.starts_with(['(', '（']);
    if top.len() > 1 && !top.last().is_some_and(|(t, _)| starts_row(t)) {
        return None;
    }
    let pb = pieces(b)?;
    // The middle parts of labels of three lines share the figures' line.
    let middle = pb.iter().take_while(|(t, _)| !is_figure(t)).count();
    if middle == pb.len() || middle > top.len() || !pb[middle..].iter().all(|(t, _)| is_figure(t)) {
        return None;
    }
    if pb[..middle].iter().any(|(t, _)| !label_piece(t)) {
        return None;
    }
    let size = a.size.max(b.size).max(c.size);
    let near = |p: Span, q: Span| {
        (p.x0 - q.x0).abs() <= 0.5 * size as f32 || (p.center() - q.center()).abs() <= 0.5 * size as f32
    };
    // Each column: its top and bottom parts, and the middle part standing in it.
    let mut columns: Vec<(String, Span)> = Vec::with_capacity(top.len());
    let mut mids = pb[..middle].iter().peekable();
    for ((tt, ts), (bt, bs)) in top.iter().zip(&bottom) {
        if !near(*bs, *ts) {
            return None;
        }
        let mut text = tt.to_string();
        let mut span = Span { x0: ts.x0.min(bs.x0), x1: ts.x1.max(bs.x1) };
        if let Some((mt, ms)) = mids.next_if(|(_, ms)| near(*ms, *ts)) {
            text.push_str(mt);
            span.x1 = span.x1.max(ms.x1);
        }
        text.push_str(bt);
        columns.push((text, span));
    }
    if mids.next().is_some() {
        return None;
    }
    let label_end = columns.iter().map(|(_, s)| s.x1).fold(f32::MIN, f32::max);
    if pb[middle].1.x0 <= label_end {
        return None;
    }
    let (above, below) = (a.y - b.y, b.y - c.y);
    if !(above > 0.0 && below > 0.0 && above.max(below) <= 1.6 * size && (above - below).abs() <= 0.5 * size) {
        return None;
    }
    let all: Vec<(&str, Span)> =
        columns.iter().map(|(t, s)| (t.as_str(), *s)).chain(pb[middle..].iter().copied()).collect();
    let text = all.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(" ");
    let spans = all.iter().map(|(_, s)| *s).collect();
    Some(Laid { y: b.y, size: b.size, line: PlacedLine { text, spans } })
}

/// Removes a page number printed alone on the first or last line of a page ("3", "- 3 -",
/// "第3页", "第 3 页 共 7 页", "3/7"), so that a table continued over the page is not broken by
/// a stray figure. Only numbers close to the page's position count.
pub(crate) fn drop_page_numbers(lines: &mut Vec<PlacedLine>, page_no: usize) {
    let is_page_no = |l: &str| -> bool {
        let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '·' | '•'));
        let digits = |s: &str| -> Option<usize> {
            (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let n = if let Some(rest) = t.strip_prefix('第') {
            rest.split('页').next().and_then(digits)
        } else if let Some((a, b)) = t.split_once('/') {
            digits(b).and(digits(a))
        } else {
            digits(t)
        };
        n.is_some_and(|n| n + 3 >= page_no && n <= page_no + 1)
    };
    if lines.last().is_some_and(|l| is_page_no(&l.text)) {
        lines.pop();
    }
    if lines.first().is_some_and(|l| is_page_no(&l.text)) {
        lines.remove(0);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// A PDF with Helvetica text, one page per item; each text is (x, y, string).
    pub(crate) fn make_pdf(pages: &[Vec<(f64, f64, &str)>]) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
        let mut kids = Vec::new();
        for texts in pages {
            let mut ops = String::new();
            for (x, y, s) in texts {
                // Each cell in its own text object, as office suites write tables.
                ops.push_str(&format!("BT /F1 10 Tf 1 0 0 1 {x} {y} Tm ({s}) Tj ET\n"));
            }
            let content_id = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
            kids.push(Object::Reference(doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            })));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id },
            ),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn text(bytes: &[u8]) -> String {
        match read(bytes).unwrap().blocks.as_slice() {
            [RawBlock::Placed(lines)] => lines.iter().map(|l| format!("{}\n", l.text)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pieces_keep_their_place_on_the_page() {
        let pdf = make_pdf(&[vec![(72.0, 700.0, "Granted"), (200.0, 700.0, "258"), (320.0, 700.0, "7")]]);
        let doc = read(&pdf).unwrap();
        let [RawBlock::Placed(lines)] = doc.blocks.as_slice() else { panic!("{:?}", doc.blocks) };
        assert_eq!(lines[0].text, "Granted 258 7");
        let starts: Vec<f32> = lines[0].spans.iter().map(|s| s.x0).collect();
        assert_eq!(starts.len(), 3);
        for (got, want) in starts.iter().zip([72.0, 200.0, 320.0]) {
            assert!((got - want).abs() < 0.5, "{starts:?}");
        }
        assert!(lines[0].spans.iter().all(|s| s.x1 > s.x0));
    }

    #[test]
    fn table_cells_become_rows_in_reading_order() {
        let pdf = make_pdf(&[vec![
            (72.0, 700.0, "Rules"),
            (200.0, 700.0, "13"),
            (260.0, 700.0, "13"),
            (320.0, 700.0, "524"),
            (72.0, 750.0, "Title line"),
            (72.0, 680.0, "Norms"),
            (200.0, 680.5, "60"),
            (260.0, 679.6, "60"),
            (320.0, 680.0, "368"),
        ]]);
        assert_eq!(text(&pdf), "Title line\nRules 13 13 524\nNorms 60 60 368\n");
    }

    #[test]
    fn tables_continue_over_pages_without_page_numbers() {
        let pdf = make_pdf(&[
            vec![(72.0, 700.0, "Rules"), (200.0, 700.0, "13"), (300.0, 40.0, "- 1 -")],
            vec![(300.0, 800.0, "2"), (72.0, 700.0, "Norms"), (200.0, 700.0, "60"), (300.0, 40.0, "2")],
        ]);
        assert_eq!(text(&pdf), "Rules 13\nNorms 60\n");
    }

    #[test]
    fn pdf_without_text_and_garbage() {
        let pdf = make_pdf(&[vec![], vec![]]);
        assert!(matches!(read(&pdf), Err(Error::PdfWithoutText)));
        assert!(matches!(read(b"%PDF-1.4 garbage"), Err(Error::Pdf(_))));
        assert!(matches!(read(b""), Err(Error::Pdf(_))));
        let mut cut = make_pdf(&[vec![(72.0, 700.0, "Rules")]]);
        cut.truncate(cut.len() / 2);
        assert!(read(&cut).is_err());
    }

    #[test]
    fn labels_wrapped_in_their_cell_join_their_figures() {
        // (x, y, text) of 12-point runs, CJK characters 12 wide, digits 6.
        let run = |x: f64, y: f64, t: &str| {
            let w: f64 = t.chars().map(|c| if c.is_ascii() { 6.0 } else { 12.0 }).sum();
            Run { x0: x, x1: x + w, y, size: 12.0, text: t.to_string() }
        };
        let lines = |runs: Vec<Run>| -> Vec<String> { layout(runs).into_iter().map(|l| l.text).collect() };
        let cases: Vec<(&str, Vec<Run>, Vec<&str>)> = vec![
            (
                "figures centred beside a label of two lines",
                vec![
                    run(157.0, 700.0, "规章"),
                    run(242.0, 700.0, "0"),
                    run(318.0, 700.0, "0"),
                    run(157.0, 672.0, "行政规范性文"),
                    run(242.0, 664.0, "77"),
                    run(318.0, 664.0, "132"),
                    run(394.0, 664.0, "470"),
                    run(157.0, 655.0, "件"),
                ],
                vec!["规章 0 0", "行政规范性文件 77 132 470"],
            ),
            (
                "a label of three lines, its middle part beside the figures",
                vec![
                    run(157.0, 680.0, "其他对外管"),
                    run(157.0, 664.0, "理服务事"),
                    run(242.0, 664.0, "12"),
                    run(157.0, 648.0, "项"),
                ],
                vec!["其他对外管理服务事项 12"],
            ),
            (
                "a row label and its group label wrapped side by side",
                vec![
                    run(40.0, 706.0, "不予"),
                    run(70.0, 706.0, "5.属于三类内部事"),
                    run(242.0, 700.0, "5"),
                    run(40.0, 694.0, "公开"),
                    run(70.0, 694.0, "务信息"),
                ],
                vec!["不予公开 5.属于三类内部事务信息 5"],
            ),
            (
                "label parts in different columns above and below are not joined",
                vec![
                    run(40.0, 706.0, "不予"),
                    run(70.0, 706.0, "5.属于三类内部事"),
                    run(242.0, 700.0, "5"),
                    run(120.0, 694.0, "务信息"),
                ],
                vec!["不予 5.属于三类内部事", "5", "务信息"],
            ),
            (
                "the middle lines of a longer label beside its group label are left alone",
                vec![
                    run(40.0, 718.0, "（六）"),
                    run(90.0, 718.0, "1.申请人无正当理由逾"),
                    run(40.0, 706.0, "其他处"),
                    run(90.0, 706.0, "期不补正"),
                    run(242.0, 700.0, "1"),
                    run(40.0, 694.0, "理"),
                    run(90.0, 694.0, "再处理其申请"),
                ],
                vec!["（六） 1.申请人无正当理由逾", "其他处 期不补正", "1", "理 再处理其申请"],
            ),
            (
                "figures on the label's first line: the next line is left alone",
                vec![
                    run(157.0, 672.0, "行政规范性文"),
                    run(242.0, 672.0, "77"),
                    run(157.0, 655.0, "件"),
                    run(157.0, 630.0, "第二十条第（八）项"),
                ],
                vec!["行政规范性文 77", "件", "第二十条第（八）项"],
            ),
            (
                "a heading, a row of figures and the next row's label are not one row",
                vec![run(157.0, 700.0, "信息内容"), run(242.0, 680.0, "5"), run(157.0, 640.0, "行政许可")],
                vec!["信息内容", "5", "行政许可"],
            ),
            (
                "prose above and below a line of figures",
                vec![
                    run(72.0, 700.0, "全年共收到申请，其中依申请公开办理情况如下表所示。"),
                    run(300.0, 690.0, "12"),
                    run(72.0, 680.0, "全年共办结申请，均在法定期限内答复。"),
                ],
                vec![
                    "全年共收到申请，其中依申请公开办理情况如下表所示。",
                    "12",
                    "全年共办结申请，均在法定期限内答复。",
                ],
            ),
        ];
        for (name, runs, want) in cases {
            assert_eq!(lines(runs), want, "{name}");
        }
    }

    #[test]
    fn figures_wrapped_in_their_cell_join_their_row() {
        // (x, y, text) of 10-point runs, digits 5 wide, CJK characters 10.
        let run = |x: f64, y: f64, t: &str| {
            let w: f64 = t.chars().map(|c| if c.is_ascii() { 5.0 } else { 10.0 }).sum();
            Run { x0: x, x1: x + w, y, size: 10.0, text: t.to_string() }
        };
        let lines = |runs: Vec<Run>| -> Vec<String> { layout(runs).into_iter().map(|l| l.text).collect() };
        let cases: Vec<(&str, Vec<Run>, Vec<&str>)> = vec![
            (
                "a figure of table 四 wrapped in the first cell",
                vec![
                    run(60.0, 706.0, "2"),
                    run(80.0, 700.0, "10"),
                    run(100.0, 700.0, "9"),
                    run(120.0, 700.0, "15"),
                    run(60.0, 694.0, "7"),
                ],
                vec!["27 10 9 15"],
            ),
            (
                "two wrapped figures between printed ones",
                vec![
                    run(60.0, 700.0, "1"),
                    run(80.0, 706.0, "12"),
                    run(100.0, 700.0, "0"),
                    run(120.0, 706.0, "3"),
                    run(80.0, 694.0, "5"),
                    run(120.0, 694.0, "04"),
                ],
                vec!["1 125 0 304"],
            ),
            (
                "a wrapped label and a wrapped figure in one row",
                vec![
                    run(20.0, 706.0, "行政规范性文"),
                    run(100.0, 706.0, "1"),
                    run(130.0, 700.0, "4"),
                    run(20.0, 694.0, "件"),
                    run(100.0, 694.0, "32"),
                ],
                vec!["行政规范性文件 132 4"],
            ),
            (
                "rows of a table: a line apart, never joined",
                vec![run(60.0, 720.0, "2"), run(80.0, 700.0, "10"), run(100.0, 700.0, "9"), run(60.0, 680.0, "7")],
                vec!["2", "10 9", "7"],
            ),
            (
                "parts in different columns are not one figure",
                vec![run(60.0, 706.0, "2"), run(80.0, 700.0, "10"), run(120.0, 694.0, "7")],
                vec!["2", "10", "7"],
            ),
            (
                "a part above a printed figure is not joined",
                vec![run(80.0, 706.0, "2"), run(80.0, 700.0, "10"), run(80.0, 694.0, "7")],
                vec!["2", "10", "7"],
            ),
        ];
        for (name, runs, want) in cases {
            assert_eq!(lines(runs), want, "{name}");
        }
    }

    #[test]
    fn letter_spaced_figures_are_one_figure() {
        // Each character its own 9-point run, digits 5 wide; (x, text) on one line.
        let line = |pieces: &[(f64, &str)]| -> String {
            let runs = pieces
                .iter()
                .map(|(x, t)| {
                    let w: f64 = t.chars().map(|c| if c.is_ascii() { 5.0 } else { 9.0 }).sum();
                    Run { x0: *x, x1: x + w, y: 700.0, size: 9.0, text: t.to_string() }
                })
                .collect();
            layout(runs).into_iter().map(|l| l.text).collect::<Vec<_>>().join("/")
        };
        type Case<'a> = (&'a str, &'a [(f64, &'a str)], &'a str);
        let cases: &[Case] = &[
            (
                "digits 2.25 apart within a cell, 20 and more between cells",
                &[(321.0, "7"), (328.25, "1"), (354.0, "3"), (384.0, "0"), (499.0, "7"), (506.25, "4")],
                "71 3 0 74",
            ),
            ("one spaced figure alone", &[(100.0, "5"), (107.25, "1"), (114.5, "7")], "517"),
            ("cells of one digit, evenly apart: never joined", &[(100.0, "0"), (130.0, "0"), (160.0, "0")], "0 0 0"),
            // Gaps of two kinds below 0.6 of the size: not letter spacing.
            ("unlike small gaps", &[(100.0, "1"), (107.0, "2"), (116.0, "3")], "1 2 3"),
            ("an item number set apart from its point", &[(100.0, "2"), (108.0, "."), (116.0, "其")], "2. 其"),
            (
                "header words of several characters in narrow cells: words apart",
                &[(100.0, "商业企业"), (142.0, "科研机构"), (184.0, "社会公益组织")],
                "商业企业 科研机构 社会公益组织",
            ),
            (
                "header words set with letter spacing, far apart",
                &[(100.0, "上"), (114.0, "一"), (128.0, "年"), (300.0, "处"), (314.0, "理")],
                "上一年 处理",
            ),
            (
                "a negative change set with letter spacing",
                &[(100.0, "3"), (107.25, "0"), (140.0, "-"), (147.25, "2"), (180.0, "4"), (187.25, "2")],
                "30 -2 42",
            ),
        ];
        for (name, pieces, want) in cases {
            assert_eq!(line(pieces), *want, "{name}");
        }
    }

    #[test]
    fn page_numbers() {
        let lines = |texts: &[&str]| -> Vec<PlacedLine> {
            texts.iter().map(|t| PlacedLine { text: t.to_string(), spans: Vec::new() }).collect()
        };
        let texts = |l: &[PlacedLine]| -> Vec<String> { l.iter().map(|l| l.text.clone()).collect() };
        let mut l = lines(&["第 3 页 共 7 页", "规章 13", "3/7"]);
        drop_page_numbers(&mut l, 3);
        assert_eq!(texts(&l), vec!["规章 13"]);
        let mut l = lines(&["72"]);
        drop_page_numbers(&mut l, 3);
        assert_eq!(texts(&l), vec!["72"]);
    }

    #[test]
    fn cid_width_ranges() {
        let doc = Document::with_version("1.5");
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(20),
            Object::Integer(1000),
        ];
        let r = cid_widths(&doc, &w);
        assert_eq!(r, vec![(1, 1, 500.0), (2, 2, 600.0), (10, 20, 1000.0)]);
        let f = FontInfo {
            encoding: None,
            two_byte: true,
            widths: Widths::Cid { ranges: r, default: 700.0, identity: true },
        };
        assert_eq!(f.width(2, None), 600.0);
        assert_eq!(f.width(15, None), 1000.0);
        assert_eq!(f.width(5, None), 700.0);
    }
}

/// `pdftotext -layout` (poppler-utils) as an oracle: same lines (ignoring white space) and the
/// same figures in the same order. Skipped with a note when pdftotext is not installed.
#[cfg(test)]
mod oracle {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    fn pdftotext(path: &Path) -> Option<String> {
        let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn compact_lines(s: &str) -> Vec<String> {
        s.lines()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|l| !l.is_empty())
            .collect()
    }

    fn figures(s: &str) -> Vec<String> {
        s.split(|c: char| !c.is_ascii_digit()).filter(|t| !t.is_empty()).map(str::to_string).collect()
    }

    /// Compares one file; returns (share of oracle lines found in ours, figures equal).
    fn compare(path: &Path) -> Option<(f64, bool, String, String)> {
        let oracle = pdftotext(path)?;
        let bytes = std::fs::read(path).ok()?;
        let ours = match read(&bytes).ok()?.blocks.as_slice() {
            [RawBlock::Placed(lines)] => lines.iter().map(|l| format!("{}\n", l.text)).collect::<String>(),
            _ => return None,
        };
        let ours_lines = compact_lines(&ours);
        let oracle_lines = compact_lines(&oracle);
        let found = oracle_lines.iter().filter(|l| ours_lines.iter().any(|o| o.contains(l.as_str()))).count();
        let share = found as f64 / oracle_lines.len().max(1) as f64;
        Some((share, figures(&oracle) == figures(&ours), oracle, ours))
    }

    fn available() -> bool {
        let ok = Command::new("pdftotext").arg("-v").output().is_ok();
        if !ok {
            eprintln!("note: pdftotext (poppler-utils) is not installed; skipping the PDF oracle test");
        }
        ok
    }

    #[test]
    fn synthetic_table_matches_pdftotext() {
        if !available() {
            return;
        }
        let pdf = tests::make_pdf(&[vec![
            (72.0, 750.0, "Annual report 2019"),
            (72.0, 700.0, "Rules"),
            (200.0, 700.0, "13"),
            (260.0, 700.0, "13"),
            (320.0, 700.0, "524"),
            (72.0, 680.0, "Norms"),
            (200.0, 680.0, "60"),
            (260.0, 680.0, "60"),
            (320.0, 680.0, "368"),
        ]]);
        // Removed when dropped, also when an assertion fails.
        let dir = tempfile::Builder::new().prefix("gongkai-pdf-oracle-").tempdir().unwrap();
        let path = dir.path().join("table.pdf");
        std::fs::write(&path, pdf).unwrap();
        let (share, same_figures, oracle, ours) = compare(&path).expect("pdftotext runs");
        assert_eq!(share, 1.0, "oracle:\n{oracle}\nours:\n{ours}");
        assert!(same_figures, "oracle:\n{oracle}\nours:\n{ours}");
    }

    #[test]
    fn corpus_pdfs_match_pdftotext() {
        if !available() {
            return;
        }
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        let Ok(entries) = std::fs::read_dir(&corpus) else {
            eprintln!("note: {} not found; skipping", corpus.display());
            return;
        };
        for path in entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "pdf")) {
            let (share, same_figures, oracle, ours) = compare(&path).expect("both read the file");
            assert!(
                share >= 0.95,
                "{}: {share:.3} of the oracle lines found\noracle:\n{oracle}\nours:\n{ours}",
                path.display()
            );
            assert!(same_figures, "{}: figures differ\noracle:\n{oracle}\nours:\n{ours}", path.display());
        }
    }
}
