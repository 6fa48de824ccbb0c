//! The structural check of a file put on a case (`gongkai_core::files` decides the kind by its
//! content): a DOCX or XLSX must open as a ZIP package and unpack within the ratio and total the
//! core fixes (a zip bomb is refused before anything is stored), a PDF must parse and have
//! pages. Parser panics are caught and become refusals.

use std::io::Read;

use gongkai_core::files::{FileError, FileKind, MAX_UNPACK_RATIO, MAX_UNPACKED_BYTES, sniff};

use crate::input::guard;

/// The kind of `bytes` once their structure holds; every refusal in Chinese.
pub fn inspect(bytes: &[u8]) -> Result<FileKind, FileError> {
    let kind = sniff(bytes)?;
    let checked = guard::catch(|| match kind {
        FileKind::Docx | FileKind::Xlsx => check_package(bytes, kind),
        FileKind::Pdf => check_pdf(bytes),
        FileKind::Png | FileKind::Jpeg | FileKind::Text => Ok(()),
    });
    match checked {
        Ok(result) => result.map(|()| kind),
        Err(_) => Err(FileError::Damaged("无法解析".into())),
    }
}

/// Unpacks every part, counting what comes out (the sizes a ZIP declares can lie), and stops as
/// soon as the total passes the ratio or the cap.
fn check_package(bytes: &[u8], kind: FileKind) -> Result<(), FileError> {
    let damaged = |e: zip::result::ZipError| FileError::Damaged(format!("压缩包无法打开（{e}）"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(damaged)?;
    let limit = (bytes.len() as u64).saturating_mul(MAX_UNPACK_RATIO).min(MAX_UNPACKED_BYTES);
    let main = if kind == FileKind::Docx { "word/document.xml" } else { "xl/workbook.xml" };
    let mut found_main = false;
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(damaged)?;
        found_main |= part.name() == main;
        loop {
            let n = part.read(&mut buf).map_err(|e| FileError::Damaged(format!("压缩包内容损坏（{e}）")))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limit {
                return Err(FileError::Bomb);
            }
        }
    }
    if !found_main {
        return Err(FileError::Damaged(format!("缺少 {main}")));
    }
    Ok(())
}

fn check_pdf(bytes: &[u8]) -> Result<(), FileError> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(64 * 1024 * 1024), ..Default::default() };
    let doc = lopdf::Document::load_mem_with_options(bytes, options)
        .map_err(|e| FileError::Damaged(format!("PDF 无法解析（{e}）")))?;
    if doc.get_pages().is_empty() {
        return Err(FileError::Damaged("PDF 没有页面".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn package(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    /// A real PDF of one page, made by hand (the smallest valid structure).
    pub(crate) fn tiny_pdf() -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        pdf
    }

    #[test]
    fn each_refusal_and_what_passes() {
        let docx =
            package(&[("[Content_Types].xml", b"<Types/>".to_vec()), ("word/document.xml", b"<w:document/>".to_vec())]);
        // 64 MB of zeros compress to about 64 KB: a ratio of about 1,000.
        let bomb = package(&[("word/document.xml", vec![0u8; 64 * 1024 * 1024])]);
        let no_main = package(&[("word/other.xml", b"x".to_vec()), ("docProps/word/document.xml.bak", b"x".to_vec())]);
        let mut truncated = docx.clone();
        truncated.truncate(docx.len() / 2);
        truncated.extend_from_slice(b"word/document.xml");
        let table: Vec<(&str, Vec<u8>, Result<FileKind, FileError>)> = vec![
            ("a DOCX", docx, Ok(FileKind::Docx)),
            ("a zip bomb", bomb, Err(FileError::Bomb)),
            ("a PDF", tiny_pdf(), Ok(FileKind::Pdf)),
            ("a PNG", b"\x89PNG\r\n\x1a\nrest".to_vec(), Ok(FileKind::Png)),
        ];
        for (case, bytes, want) in table {
            assert_eq!(inspect(&bytes), want, "{case}");
        }
        for (case, bytes) in [
            ("a damaged PDF", b"%PDF-1.4\n1 0 obj << /Type /Catalog".to_vec()),
            ("a truncated DOCX", truncated),
            ("a package without its main part", no_main),
        ] {
            assert!(matches!(inspect(&bytes), Err(FileError::Damaged(_)) | Err(FileError::UnknownKind)), "{case}");
        }
    }
}
