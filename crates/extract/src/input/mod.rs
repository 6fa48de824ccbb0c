//! Container formats and character sets: bytes in, text blocks and table grids out.

mod decode;
mod docx;
mod html;
mod pdf;

use std::path::Path;

use crate::Error;

pub use decode::decode_text;

/// The container format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Html,
    Docx,
    Pdf,
}

impl InputKind {
    /// Chooses by extension, then by content for unknown or misleading extensions.
    pub fn detect(path: &Path, bytes: &[u8]) -> Result<InputKind, Error> {
        if bytes.starts_with(b"%PDF") {
            return Ok(InputKind::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Ok(InputKind::Docx);
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "md" => Ok(InputKind::Text),
            "html" | "htm" | "xhtml" | "shtml" => Ok(InputKind::Html),
            "docx" => Ok(InputKind::Docx),
            "pdf" => Ok(InputKind::Pdf),
            _ => {
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
        matches!(ext.as_str(), "txt" | "html" | "htm" | "xhtml" | "shtml" | "docx" | "pdf")
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
}

/// Reads a document of a known kind.
pub fn read(kind: InputKind, bytes: &[u8]) -> Result<RawDoc, Error> {
    match kind {
        InputKind::Text => Ok(RawDoc { blocks: vec![RawBlock::Text(decode_text(bytes, None))] }),
        InputKind::Html => Ok(html::read(bytes)),
        InputKind::Docx => docx::read(bytes),
        InputKind::Pdf => pdf::read(bytes),
    }
}
