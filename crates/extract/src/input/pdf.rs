//! PDF documents with a text layer (to be completed).

use super::RawDoc;
use crate::Error;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    let _ = bytes;
    Err(Error::Pdf("PDF reading not implemented yet".into()))
}
