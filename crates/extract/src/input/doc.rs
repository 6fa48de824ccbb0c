//! Word 97–2003 documents (.doc, and WPS files saved in that format): the main document's
//! paragraphs and tables in reading order, merged cells once.
//!
//! The container is a compound file, read with the `cfb` crate. Its `WordDocument` stream opens
//! with the File Information Block (FIB), which locates two structures of the table stream
//! (`0Table` or `1Table`), both laid out in [MS-DOC]:
//! - the piece table (CLX): which bytes of `WordDocument` hold each run of character positions,
//!   as 8-bit Windows-1252 or as UTF-16;
//! - the paragraph properties (PAPX pages, through PlcBtePapx): which paragraphs stand inside a
//!   table (sprmPFInTable), which mark ends a table row (sprmPFTtp), and, on that mark, which of
//!   the row's cells continue a merge (sprmTDefTable, sprmTVertMerge).
//!
//! In the text a cell ends in U+0007 and a row in one more U+0007 (the row-end mark); without the
//! paragraph properties an empty cell and a row end look alike, so they are read, not guessed.

use std::io::{Cursor, Read};

use super::{Blocks, RawDoc, collapse_ws, guard, is_data_table, join_cell_piece};
use crate::Error;

/// Bytes read per stream: far above any real report, far below what a crafted file could ask.
const MAX_STREAM_BYTES: u64 = 256 << 20;

/// `wIdent` of a Word 97 or later FIB.
const WORD_IDENT: u16 = 0xA5EC;
/// The lowest `nFib` of the Word 97 format (Word 6 and 95 files are older and laid out otherwise).
const MIN_NFIB: u16 = 0x00C0;
const FLAG_ENCRYPTED: u16 = 0x0100;
const FLAG_TABLE_1: u16 = 0x0200;
const FLAG_OBFUSCATED: u16 = 0x8000;
/// Index of (fcPlcfBtePapx, lcbPlcfBtePapx) and of (fcClx, lcbClx) among the FIB's FC/LCB pairs.
const PAIR_BTE_PAPX: usize = 13;
const PAIR_CLX: usize = 33;
/// Bit of a piece's file offset for 8-bit text.
const FC_COMPRESSED: u32 = 0x4000_0000;
/// Size of a PAPX page (FKP).
const PAGE: usize = 512;
/// PAPX pages read per document: a thousand-page report uses a few hundred.
const MAX_PAGES: usize = 16_384;

const SPRM_P_IN_TABLE: u16 = 0x2416;
const SPRM_P_TTP: u16 = 0x2417;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;
const SPRM_P_CHG_TABS: u16 = 0xC615;
const SPRM_P_HUGE_PAPX: u16 = 0x6646;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    let Streams { word, table, data } =
        guard::catch(|| streams(bytes)).map_err(|p| Error::Doc(format!("the compound file reader failed: {p}")))??;
    let fib = Fib::parse(&word)?;
    let table = table.ok_or_else(|| Error::Doc("the table stream is missing".into()))?;
    let pieces = pieces(table.get(fib.clx.clone()).ok_or_else(|| Error::Doc("the piece table is cut short".into()))?)?;
    let props = table.get(fib.bte_papx.clone()).map(|plc| Paragraphs::read(&word, plc, &data)).unwrap_or_default();
    let mut out = Out { props, ..Out::default() };
    for piece in &pieces {
        if piece.cp_start >= fib.ccp_text {
            break;
        }
        let count = (piece.cp_end.min(fib.ccp_text) - piece.cp_start) as usize;
        piece.decode(&word, count, |c, fc| out.char(c, fc));
    }
    out.end_paragraph(None, false);
    let doc = out.finish();
    if doc.blocks.is_empty() { Err(Error::Empty) } else { Ok(doc) }
}

/// The streams of a Word document the reader uses.
struct Streams {
    word: Vec<u8>,
    /// The table stream the FIB names (`1Table` or `0Table`).
    table: Option<Vec<u8>>,
    /// Where paragraph properties too large for their page are kept (sprmPHugePapx).
    data: Vec<u8>,
}

fn streams(bytes: &[u8]) -> Result<Streams, Error> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes.to_vec()))
        .map_err(|e| Error::Doc(format!("not a compound file: {e}")))?;
    if !cf.is_stream("/WordDocument") {
        let what = if cf.is_stream("/Workbook") || cf.is_stream("/Book") { " (an Excel workbook)" } else { "" };
        return Err(Error::Doc(format!("the compound file holds no Word document{what}")));
    }
    let word =
        stream(&mut cf, "/WordDocument").ok_or_else(|| Error::Doc("the WordDocument stream is unreadable".into()))?;
    let one = u16_at(&word, 0x0A).is_some_and(|flags| flags & FLAG_TABLE_1 != 0);
    let table = stream(&mut cf, if one { "/1Table" } else { "/0Table" });
    let data = stream(&mut cf, "/Data").unwrap_or_default();
    Ok(Streams { word, table, data })
}

fn stream(cf: &mut cfb::CompoundFile<Cursor<Vec<u8>>>, path: &str) -> Option<Vec<u8>> {
    let s = cf.open_stream(path).ok()?;
    let mut buf = Vec::new();
    s.take(MAX_STREAM_BYTES).read_to_end(&mut buf).ok()?;
    Some(buf)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at.checked_add(2)?).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at.checked_add(4)?).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// What the reader needs of the File Information Block.
struct Fib {
    /// Characters of the main document (footnotes, headers and the rest follow them).
    ccp_text: u32,
    clx: std::ops::Range<usize>,
    bte_papx: std::ops::Range<usize>,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, Error> {
        let short = || Error::Doc("the file information block is cut short".into());
        if u16_at(word, 0) != Some(WORD_IDENT) {
            return Err(Error::Doc("not a Word document (wrong identifier)".into()));
        }
        let n_fib = u16_at(word, 2).ok_or_else(short)?;
        if n_fib < MIN_NFIB {
            return Err(Error::Doc(format!("Word 6/95 format (nFib {n_fib:#x}) is not supported")));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & (FLAG_ENCRYPTED | FLAG_OBFUSCATED) != 0 {
            return Err(Error::DocEncrypted);
        }
        // FibBase (32 bytes), then three arrays each preceded by its count: 16-bit words,
        // 32-bit words (ccpText is the fourth), FC/LCB pairs.
        let csw = u16_at(word, 32).ok_or_else(short)? as usize;
        let lw = 34 + csw * 2;
        let cslw = u16_at(word, lw).ok_or_else(short)? as usize;
        let ccp_text = u32_at(word, lw + 2 + 3 * 4).ok_or_else(short)?;
        let pairs = lw + 2 + cslw * 4;
        let count = u16_at(word, pairs).ok_or_else(short)? as usize;
        let pair = |i: usize| -> Result<std::ops::Range<usize>, Error> {
            if i >= count {
                return Err(short());
            }
            let at = pairs + 2 + i * 8;
            let fc = u32_at(word, at).ok_or_else(short)? as usize;
            let lcb = u32_at(word, at + 4).ok_or_else(short)? as usize;
            Ok(fc..fc.saturating_add(lcb))
        };
        Ok(Fib { ccp_text, clx: pair(PAIR_CLX)?, bte_papx: pair(PAIR_BTE_PAPX)? })
    }
}

/// A run of character positions and where its text is stored.
struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset in `WordDocument`.
    offset: usize,
    compressed: bool,
}

impl Piece {
    /// Calls `f` with each of the first `count` characters and the byte offset of its first unit.
    fn decode(&self, word: &[u8], count: usize, mut f: impl FnMut(char, usize)) {
        if self.compressed {
            let Some(bytes) = word.get(self.offset..self.offset.saturating_add(count).min(word.len())) else { return };
            for (i, &b) in bytes.iter().enumerate() {
                let c = if b < 0x80 {
                    b as char
                } else {
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(&[b]).0.chars().next().unwrap_or('\u{FFFD}')
                };
                f(c, self.offset + i);
            }
        } else {
            let end = self.offset.saturating_add(count.saturating_mul(2)).min(word.len());
            let Some(bytes) = word.get(self.offset..end) else { return };
            let units = bytes.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]]));
            let mut at = self.offset;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                f(c, at);
                at += c.len_utf16() * 2;
            }
        }
    }
}

/// The piece table: skips the CLX's property runs (Prc), then reads its PlcPcd.
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, Error> {
    let bad = || Error::Doc("the piece table is malformed".into());
    let mut at = 0;
    while clx.get(at) == Some(&1) {
        at += 3 + u16_at(clx, at + 1).ok_or_else(bad)? as usize;
    }
    if clx.get(at) != Some(&2) {
        return Err(bad());
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(bad)? as usize;
    let plc = clx.get(at + 5..at.saturating_add(5).saturating_add(lcb)).ok_or_else(bad)?;
    let n = plc.len().saturating_sub(4) / 12;
    let mut out = Vec::new();
    for i in 0..n {
        let (cp_start, cp_end) = (u32_at(plc, i * 4).ok_or_else(bad)?, u32_at(plc, i * 4 + 4).ok_or_else(bad)?);
        let fc = u32_at(plc, (n + 1) * 4 + i * 8 + 2).ok_or_else(bad)?;
        if cp_end <= cp_start {
            continue;
        }
        let compressed = fc & FC_COMPRESSED != 0;
        let offset = if compressed { ((fc & !FC_COMPRESSED) / 2) as usize } else { fc as usize };
        out.push(Piece { cp_start, cp_end, offset, compressed });
    }
    out.sort_by_key(|p| p.cp_start);
    Ok(out)
}

/// Table properties of one paragraph mark.
#[derive(Debug, Clone, Default)]
struct Para {
    in_table: bool,
    /// The mark ends a table row.
    row_end: bool,
    /// Per cell of the row (on a row-end mark): whether it continues a merge (vertically from
    /// the row above, or horizontally from the cell before) and prints nothing of its own.
    merged: Vec<bool>,
}

/// Paragraph properties by byte offset: runs `[start, end)` of `WordDocument`, sorted.
#[derive(Default)]
struct Paragraphs {
    runs: Vec<(usize, usize, Para)>,
    /// Some mark ends a table row (else rows are told apart by the cell marks alone).
    knows_rows: bool,
}

impl Paragraphs {
    /// Reads every PAPX page the PlcBtePapx names, each once; pages that fall outside the
    /// stream are skipped, and a crafted table naming more pages than a document could hold
    /// stops at [`MAX_PAGES`].
    fn read(word: &[u8], plc: &[u8], data: &[u8]) -> Paragraphs {
        let n = plc.len().saturating_sub(4) / 8;
        let mut runs = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for i in 0..n {
            let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else { break };
            if !seen.insert(pn & 0x003F_FFFF) || seen.len() > MAX_PAGES {
                continue;
            }
            let start = (pn & 0x003F_FFFF) as usize * PAGE;
            if let Some(page) = word.get(start..start + PAGE) {
                read_page(page, data, &mut runs);
            }
        }
        runs.sort_by_key(|r| r.0);
        let knows_rows = runs.iter().any(|r| r.2.row_end);
        Paragraphs { runs, knows_rows }
    }

    fn at(&self, fc: usize) -> Option<&Para> {
        let i = self.runs.partition_point(|r| r.0 <= fc).checked_sub(1)?;
        let (start, end, para) = &self.runs[i];
        (*start <= fc && fc < *end).then_some(para)
    }
}

/// One PapxFkp: `crun` paragraph runs (their FC bounds first, then a 13-byte BxPap each, whose
/// first byte is the offset in words of the run's PapxInFkp).
fn read_page(page: &[u8], data: &[u8], runs: &mut Vec<(usize, usize, Para)>) {
    let crun = page[PAGE - 1] as usize;
    for i in 0..crun {
        let (Some(start), Some(end)) = (u32_at(page, i * 4), u32_at(page, i * 4 + 4)) else { return };
        let Some(&b_offset) = page.get((crun + 1) * 4 + i * 13) else { return };
        let mut para = Para::default();
        if b_offset != 0 {
            let at = b_offset as usize * 2;
            let grpprl = match page.get(at) {
                Some(&0) => page.get(at + 1).and_then(|&cb| page.get(at + 2..at + 2 + cb as usize * 2)),
                Some(&cb) => page.get(at + 1..at + cb as usize * 2),
                None => None,
            };
            // The paragraph's style index (2 bytes), then its property modifiers.
            if let Some(prls) = grpprl.and_then(|g| g.get(2..)) {
                para = paragraph_props(prls, data);
            }
        }
        if end > start {
            runs.push((start as usize, end as usize, para));
        }
    }
}

fn paragraph_props(prls: &[u8], data: &[u8]) -> Para {
    let mut para = Para::default();
    let mut vertical: Vec<(usize, bool)> = Vec::new();
    // Properties too large for their page stand in the Data stream (a 16-bit size, then the
    // modifiers), named by sprmPHugePapx's offset.
    let huge = Sprms(prls).find(|(sprm, _)| *sprm == SPRM_P_HUGE_PAPX).and_then(|(_, op)| {
        let at = u32_at(op, 0)? as usize;
        let len = u16_at(data, at)? as usize;
        data.get(at + 2..at + 2 + len)
    });
    for (sprm, op) in Sprms(prls).chain(Sprms(huge.unwrap_or_default())) {
        match sprm {
            SPRM_P_IN_TABLE => para.in_table = op.first().is_some_and(|&b| b != 0),
            SPRM_P_TTP => para.row_end = op.first().is_some_and(|&b| b != 0),
            SPRM_T_DEF_TABLE => para.merged = merged_cells(op),
            // (cb, itc, flags): flags 1 continues the merge above, 3 starts one.
            SPRM_T_VERT_MERGE => {
                if let (Some(&itc), Some(&flags)) = (op.get(1), op.get(2)) {
                    vertical.push((itc as usize, flags == 1));
                }
            }
            _ => {}
        }
    }
    for (itc, continues) in vertical {
        if para.merged.len() <= itc {
            para.merged.resize(itc + 1, false);
        }
        para.merged[itc] = continues;
    }
    para
}

/// The cells of sprmTDefTable's row that continue a merge: after the operand's size (2 bytes),
/// the cell count, its column edges (count + 1 words), then a 20-byte TC80 per cell whose first
/// word holds fMerged (0x02) and fVertMerge (0x20) without fVertRestart (0x40).
fn merged_cells(op: &[u8]) -> Vec<bool> {
    let Some(&count) = op.get(2) else { return Vec::new() };
    let tcs = 3 + (count as usize + 1) * 2;
    (0..count as usize)
        .map_while(|i| u16_at(op, tcs + i * 20))
        .map(|grf| grf & 0x02 != 0 || (grf & 0x20 != 0 && grf & 0x40 == 0))
        .collect()
}

/// Property modifiers (sprm and operand) of a grpprl; the operand's size is in the sprm's top
/// three bits, or, for the variable ones, in the operand's first byte (two for sprmTDefTable).
struct Sprms<'a>(&'a [u8]);

impl<'a> Iterator for Sprms<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let sprm = u16_at(self.0, 0)?;
        let rest = &self.0[2..];
        let len = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                SPRM_T_DEF_TABLE => u16_at(rest, 0)? as usize + 1,
                SPRM_P_CHG_TABS => *rest.first()? as usize + 1,
                _ => *rest.first()? as usize + 1,
            },
        };
        let op = rest.get(..len)?;
        self.0 = &rest[len..];
        Some((sprm, op))
    }
}

#[derive(Default)]
struct Out {
    props: Paragraphs,
    blocks: Blocks,
    /// The paragraph being read.
    para: String,
    /// Fields open around the current character: whether each is still in its instruction
    /// (between its begin and separator marks), which is not printed.
    fields: Vec<bool>,
    /// How many of `fields` are in their instruction (kept so that each character costs the
    /// same however deep the fields nest).
    in_instruction: usize,
    cell: String,
    row: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The last character was a cell mark (for documents without row-end properties).
    after_cell: bool,
}

impl Out {
    fn char(&mut self, c: char, fc: usize) {
        match c {
            '\u{13}' => {
                self.fields.push(true);
                self.in_instruction += 1;
            }
            '\u{14}' => {
                if let Some(top) = self.fields.last_mut().filter(|top| **top) {
                    *top = false;
                    self.in_instruction -= 1;
                }
            }
            '\u{15}' => {
                if self.fields.pop() == Some(true) {
                    self.in_instruction -= 1;
                }
            }
            '\r' => self.end_paragraph(Some(fc), false),
            '\u{7}' => self.end_paragraph(Some(fc), true),
            _ if self.in_instruction > 0 => {}
            // A line break, a page or column break within a paragraph.
            '\u{b}' | '\u{c}' | '\u{e}' => self.para.push('\n'),
            '\t' => self.para.push(' '),
            // A non-breaking hyphen.
            '\u{1e}' => self.para.push('-'),
            // Anchors of pictures, drawings, notes and comments; an optional hyphen.
            c if (c as u32) < 0x20 || c == '\u{1f}' => {}
            c => self.para.push(c),
        }
        if c != '\u{7}' {
            self.after_cell = false;
        }
    }

    /// A paragraph mark (`\r`) or a cell or row mark (U+0007) at byte offset `fc`; `None` at the
    /// end of the document.
    fn end_paragraph(&mut self, fc: Option<usize>, cell_mark: bool) {
        let para = std::mem::take(&mut self.para);
        let props = fc.and_then(|fc| self.props.at(fc)).cloned().unwrap_or_default();
        let row_end = if self.props.knows_rows { props.row_end } else { cell_mark && self.after_cell };
        if cell_mark && row_end {
            let merged = props.merged;
            let row: Vec<String> = std::mem::take(&mut self.row)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !merged.get(*i).copied().unwrap_or(false))
                .map(|(_, c)| c)
                .collect();
            if !row.is_empty() {
                self.rows.push(row);
            }
            self.after_cell = false;
            return;
        }
        if cell_mark || props.in_table {
            for piece in para.split('\n') {
                join_cell_piece(&mut self.cell, &collapse_ws(piece));
            }
            if cell_mark {
                self.row.push(std::mem::take(&mut self.cell));
                self.after_cell = true;
            }
            return;
        }
        self.end_table();
        self.blocks.line(&para);
    }

    /// Closes the table being read: a grid of data as a table, a frame around prose as lines.
    fn end_table(&mut self) {
        if !self.cell.is_empty() {
            let cell = std::mem::take(&mut self.cell);
            self.row.push(cell);
        }
        if !self.row.is_empty() {
            let row = std::mem::take(&mut self.row);
            self.rows.push(row);
        }
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        if is_data_table(&rows) {
            self.blocks.table(rows);
        } else {
            for cell in rows.iter().flatten() {
                self.blocks.line(cell);
            }
        }
    }

    fn finish(mut self) -> RawDoc {
        self.end_table();
        self.blocks.finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::input::RawBlock;
    use std::io::Write;

    /// Paragraph properties of a mark: inside a table, a row end, cells continuing a merge.
    #[derive(Clone, Copy, Default)]
    pub(crate) struct Mark {
        pub in_table: bool,
        pub row_end: bool,
        /// Bit i: cell i continues a vertical merge (written as sprmTDefTable's TC80 flags).
        pub merged: u8,
    }

    fn grpprl(m: Mark) -> Vec<u8> {
        let mut g = vec![0, 0]; // istd
        if m.in_table {
            g.extend_from_slice(&[0x16, 0x24, 1]);
        }
        if m.row_end {
            g.extend_from_slice(&[0x17, 0x24, 1]);
        }
        if m.merged != 0 {
            let cells = 4u8;
            let mut op = vec![cells];
            op.extend(std::iter::repeat_n(0u8, (cells as usize + 1) * 2));
            for i in 0..cells {
                let grf: u16 = if m.merged & (1 << i) != 0 { 0x20 } else { 0 };
                op.extend_from_slice(&grf.to_le_bytes());
                op.extend_from_slice(&[0; 18]);
            }
            g.extend_from_slice(&0xD608u16.to_le_bytes());
            g.extend_from_slice(&(op.len() as u16 + 1).to_le_bytes());
            g.extend_from_slice(&op);
        }
        if g.len() % 2 == 1 {
            g.push(0);
        }
        g
    }

    /// A Word 97 document made by hand: paragraphs (text, then its mark: `\r` for a paragraph,
    /// U+0007 for a cell or a row, and the mark's properties) in one UTF-16 piece, under a FIB
    /// with `n_fib` and `flags`.
    pub(crate) fn make_doc(paras: &[(&str, char, Mark)], n_fib: u16, flags: u16) -> Vec<u8> {
        let (word, table) = make_streams(paras, n_fib, flags);
        let one = flags & FLAG_TABLE_1 != 0;
        compound(&[("/WordDocument", &word), (if one { "/1Table" } else { "/0Table" }, &table)])
    }

    /// The `WordDocument` and table streams of [`make_doc`].
    pub(crate) fn make_streams(paras: &[(&str, char, Mark)], n_fib: u16, flags: u16) -> (Vec<u8>, Vec<u8>) {
        const TEXT_AT: usize = 1024;
        const PN: usize = 4;
        let mut units: Vec<u16> = Vec::new();
        let mut ends = Vec::new();
        for (text, mark, props) in paras {
            units.extend(text.encode_utf16());
            units.push(*mark as u16);
            ends.push((units.len() - 1, *props));
        }
        let mut word = vec![0u8; PN * PAGE + PAGE];
        word[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
        word[2..4].copy_from_slice(&n_fib.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        let lw = 34 + 14 * 2;
        word[lw..lw + 2].copy_from_slice(&22u16.to_le_bytes());
        word[lw + 2 + 12..lw + 2 + 16].copy_from_slice(&(units.len() as u32).to_le_bytes());
        let pairs = lw + 2 + 22 * 4;
        word[pairs..pairs + 2].copy_from_slice(&93u16.to_le_bytes());
        for (i, u) in units.iter().enumerate() {
            word[TEXT_AT + 2 * i..TEXT_AT + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        // One PAPX page: a run per paragraph, its properties packed from the page's end.
        let page = &mut word[PN * PAGE..PN * PAGE + PAGE];
        let crun = ends.len();
        let mut start = TEXT_AT;
        let mut free = PAGE - 1;
        for (r, &(end, props)) in ends.iter().enumerate() {
            let fc_end = TEXT_AT + 2 * end + 2;
            page[r * 4..r * 4 + 4].copy_from_slice(&(start as u32).to_le_bytes());
            page[r * 4 + 4..r * 4 + 8].copy_from_slice(&(fc_end as u32).to_le_bytes());
            let g = grpprl(props);
            let at = (free - g.len() - 2) & !1;
            page[at] = 0;
            page[at + 1] = (g.len() / 2) as u8;
            page[at + 2..at + 2 + g.len()].copy_from_slice(&g);
            page[(crun + 1) * 4 + r * 13] = (at / 2) as u8;
            free = at;
            start = fc_end;
        }
        page[PAGE - 1] = crun as u8;
        // The table stream: the piece table, then PlcBtePapx naming the page.
        let mut table = vec![2u8];
        table.extend_from_slice(&16u32.to_le_bytes());
        table.extend_from_slice(&0u32.to_le_bytes());
        table.extend_from_slice(&(units.len() as u32).to_le_bytes());
        table.extend_from_slice(&[0, 0]);
        table.extend_from_slice(&(TEXT_AT as u32).to_le_bytes());
        table.extend_from_slice(&[0, 0]);
        let clx_len = table.len();
        let bte_at = table.len();
        table.extend_from_slice(&(TEXT_AT as u32).to_le_bytes());
        table.extend_from_slice(&(start as u32).to_le_bytes());
        table.extend_from_slice(&(PN as u32).to_le_bytes());
        let set = |word: &mut Vec<u8>, i: usize, fc: usize, lcb: usize| {
            let at = pairs + 2 + i * 8;
            word[at..at + 4].copy_from_slice(&(fc as u32).to_le_bytes());
            word[at + 4..at + 8].copy_from_slice(&(lcb as u32).to_le_bytes());
        };
        set(&mut word, PAIR_CLX, 0, clx_len);
        set(&mut word, PAIR_BTE_PAPX, bte_at, 12);
        (word, table)
    }

    pub(crate) fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("a compound file");
        for (name, bytes) in streams {
            cf.create_stream(name).expect("a stream").write_all(bytes).expect("written");
        }
        cf.flush().expect("flushed");
        cf.into_inner().into_inner()
    }

    const PARA: Mark = Mark { in_table: false, row_end: false, merged: 0 };
    const CELL: Mark = Mark { in_table: true, row_end: false, merged: 0 };
    const ROW: Mark = Mark { in_table: true, row_end: true, merged: 0 };

    /// A title, table 二's first block (a blank cell, a cell continuing a vertical merge, a cell
    /// of two paragraphs) and a sentence with nested fields (their instructions are not printed).
    pub(crate) fn report() -> Vec<(&'static str, char, Mark)> {
        vec![
            ("2023年度报告", '\r', PARA),
            ("信息内容", '\u{7}', CELL),
            ("本年制发", '\r', CELL),
            ("件数", '\u{7}', CELL),
            ("本年废止件数", '\u{7}', CELL),
            ("", '\u{7}', ROW),
            ("规章", '\u{7}', CELL),
            ("3", '\u{7}', CELL),
            ("", '\u{7}', CELL),
            ("", '\u{7}', ROW),
            ("", '\u{7}', CELL),
            ("行政规范性文件", '\u{7}', CELL),
            ("12", '\u{7}', CELL),
            ("", '\u{7}', Mark { merged: 1, ..ROW }),
            // A field whose instruction holds another field: only the outer result prints.
            ("本年度收取费用\u{13} IF \u{13} PAGE \u{14}1\u{15} = 1 \u{14}0\u{15}元。", '\r', PARA),
        ]
    }

    #[test]
    fn paragraphs_tables_merges_and_fields() {
        let doc = read(&make_doc(&report(), 0x00C1, 0)).expect("a document");
        assert_eq!(
            doc.blocks,
            vec![
                RawBlock::Text("2023年度报告\n".into()),
                RawBlock::Table(vec![
                    vec!["信息内容".into(), "本年制发件数".into(), "本年废止件数".into()],
                    vec!["规章".into(), "3".into(), "".into()],
                    vec!["行政规范性文件".into(), "12".into()],
                ]),
                RawBlock::Text("本年度收取费用0元。\n".into()),
            ]
        );
    }

    #[test]
    fn the_table_stream_named_by_the_fib_is_read() {
        let doc = read(&make_doc(&report(), 0x00C1, FLAG_TABLE_1)).expect("a document");
        assert_eq!(doc.blocks.len(), 3);
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        let err = |bytes: &[u8]| read(bytes).expect_err("refused").to_string();
        let one = [("a", '\r', PARA)];
        assert!(err(b"not a compound file").contains("not a compound file"));
        assert!(err(&compound(&[("/Workbook", b"BIFF")])).contains("Excel"));
        assert!(matches!(read(&make_doc(&one, 0x00C1, FLAG_ENCRYPTED)), Err(Error::DocEncrypted)));
        assert!(err(&make_doc(&one, 0x0065, 0)).contains("Word 6/95"));
        assert!(matches!(read(&make_doc(&[("", '\r', PARA)], 0x00C1, 0)), Err(Error::Empty)));
        let mut cut = make_doc(&one, 0x00C1, 0);
        cut.truncate(cut.len() / 2);
        assert!(read(&cut).is_err());
    }

    #[test]
    fn eight_bit_pieces_read_as_windows_1252() {
        let piece = Piece { cp_start: 0, cp_end: 3, offset: 0, compressed: true };
        let mut out = String::new();
        piece.decode(b"a\x93b", 3, |c, _| out.push(c));
        assert_eq!(out, "a\u{201C}b");
    }
}
