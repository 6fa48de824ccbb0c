//! DOCX documents: paragraphs and tables in order (to be completed).

use super::RawDoc;
use crate::Error;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    let _ = bytes;
    Err(Error::Docx("DOCX reading not implemented yet".into()))
}
