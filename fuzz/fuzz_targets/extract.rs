//! Fuzz target: any bytes through the whole reader, the container kind chosen by the first byte.
#![no_main]

use gongkai_extract::{Extractor, InputKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let kind = match first % 8 {
        0 => InputKind::Text,
        1 => InputKind::Html,
        2 => InputKind::Docx,
        3 => InputKind::Pdf,
        4 => InputKind::Doc,
        5 => InputKind::Mhtml,
        6 => InputKind::Sheet,
        _ => InputKind::Ofd,
    };
    // Cheap: the conversion tables are built once per process and shared.
    let _ = Extractor::new().extract_bytes(kind, rest);
});
