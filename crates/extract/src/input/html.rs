//! HTML pages: charset, noise, prose blocks and tables (to be completed).

use super::{RawBlock, RawDoc, decode_text};

pub fn read(bytes: &[u8]) -> RawDoc {
    let text = decode_text(bytes, None);
    let doc = scraper::Html::parse_document(&text);
    let body: String = doc.root_element().text().collect::<Vec<_>>().join("\n");
    RawDoc { blocks: vec![RawBlock::Text(body)] }
}
