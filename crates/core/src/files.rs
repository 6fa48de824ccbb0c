//! Files on a case (申请材料、办理材料、提供的信息): which kinds we take, told by their content
//! (magic bytes) and never by their name, the limits per file and per case, the role a file
//! plays in the case, and the refusals in the words an applicant or clerk reads. The deeper
//! checks that need a parser (a ZIP that would unpack too far, a damaged PDF) live with the
//! readers (`gongkai_extract::files`); this module decides what they must hold.

use serde::{Deserialize, Serialize};

/// Largest file taken (20 MiB): a scanned ID card, a 营业执照, a few hundred pages of PDF.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Largest total of the files on one case.
pub const MAX_CASE_BYTES: u64 = 100 * 1024 * 1024;
/// Most files on one case.
pub const MAX_CASE_FILES: usize = 50;
/// A DOCX or XLSX may unpack to at most this many times its size (a zip bomb unpacks to
/// thousands of times its size; real Office files stay below 30).
pub const MAX_UNPACK_RATIO: u64 = 100;
/// …and to at most this much in all.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// A kind of file we take, told by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
    /// Plain text in UTF-8.
    Text,
}

impl FileKind {
    pub const ALL: [FileKind; 6] =
        [FileKind::Pdf, FileKind::Docx, FileKind::Xlsx, FileKind::Png, FileKind::Jpeg, FileKind::Text];

    pub fn code(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Text => "text",
        }
    }

    pub fn parse(code: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF 文档",
            FileKind::Docx => "Word 文档",
            FileKind::Xlsx => "Excel 表格",
            FileKind::Png => "PNG 图片",
            FileKind::Jpeg => "JPEG 图片",
            FileKind::Text => "文本文件",
        }
    }

    /// The media type it is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Text => "text/plain; charset=utf-8",
        }
    }

    /// The file name extension it is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            FileKind::Text => "txt",
            other => other.code(),
        }
    }

    /// Whether it is a ZIP package (checked for its unpacked size).
    pub fn is_package(self) -> bool {
        matches!(self, FileKind::Docx | FileKind::Xlsx)
    }
}

/// What a file is on its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    /// 申请材料: what the applicant attached (ID copy, 营业执照, 委托书).
    Application,
    /// 办理材料: records found, the third party's letters and replies, notes; staff only.
    Working,
    /// 提供的信息: what is released to the applicant with the reply.
    Release,
}

impl FileRole {
    pub const ALL: [FileRole; 3] = [FileRole::Application, FileRole::Working, FileRole::Release];

    pub fn code(self) -> &'static str {
        match self {
            FileRole::Application => "application",
            FileRole::Working => "working",
            FileRole::Release => "release",
        }
    }

    pub fn parse(code: &str) -> Option<FileRole> {
        FileRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            FileRole::Application => "申请材料",
            FileRole::Working => "办理材料",
            FileRole::Release => "向申请人提供的信息",
        }
    }
}

/// Why a file is refused. Nothing is stored when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("文件是空的")]
    Empty,
    #[error("文件超过 {} MB 的上限", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("不支持此类文件（按内容识别）：仅接受 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPEG 图片和 UTF-8 文本")]
    UnknownKind,
    #[error("文件内容与类型不符或已损坏：{0}")]
    Damaged(String),
    #[error("压缩包解压后过大（可能是“压缩炸弹”），不予接收")]
    Bomb,
    #[error("本申请的文件已达上限（最多 {MAX_CASE_FILES} 个，共 {} MB）", MAX_CASE_BYTES / 1024 / 1024)]
    CaseFull,
}

/// The kind of `bytes`, by their content alone, after the size checks. A ZIP is a DOCX or XLSX
/// by the parts it names; text must be UTF-8 without control characters other than line breaks
/// and tabs. The structure itself is checked by the readers.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    // A PDF may carry a few bytes before its header (a BOM, a mail gateway's junk): the
    // standard readers look in the first 1 KB.
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Ok(FileKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(FileKind::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // The central directory names every part: an Office package has its main part there.
        return if find(bytes, b"word/document.xml").is_some() {
            Ok(FileKind::Docx)
        } else if find(bytes, b"xl/workbook.xml").is_some() {
            Ok(FileKind::Xlsx)
        } else {
            Err(FileError::UnknownKind)
        };
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(text) {
        Ok(s) if !s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) => Ok(FileKind::Text),
        _ => Err(FileError::UnknownKind),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A file name as stored and offered for download: the name given, without any folder part or
/// control character, at most 120 characters, with the extension of its real kind (a PDF sent as
/// `scan.jpg` is saved as `scan.jpg.pdf`, so no program opens it as what it is not).
pub fn safe_name(given: &str, kind: FileKind) -> String {
    let base = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String =
        base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':')).collect();
    name = name.trim().trim_start_matches('.').to_string();
    if name.is_empty() {
        name = "附件".to_string();
    }
    let ext = kind.extension();
    let has_ext = name.rsplit_once('.').is_some_and(|(_, e)| {
        e.eq_ignore_ascii_case(ext) || (kind == FileKind::Jpeg && e.eq_ignore_ascii_case("jpeg"))
    });
    let keep = 120 - ext.len() - 1;
    if name.chars().count() > keep {
        name = name.chars().take(keep).collect();
    }
    if has_ext { name } else { format!("{name}.{ext}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kind by content, whatever the name: case, bytes, expected.
    #[test]
    fn kinds_are_told_by_content() {
        let zip_with = |part: &str| {
            let mut b = b"PK\x03\x04".to_vec();
            b.extend_from_slice(&[0; 26]);
            b.extend_from_slice(part.as_bytes());
            b
        };
        let table: Vec<(&str, Vec<u8>, Result<FileKind, FileError>)> = vec![
            ("pdf", b"%PDF-1.7\n...".to_vec(), Ok(FileKind::Pdf)),
            ("pdf after a BOM", b"\xEF\xBB\xBF%PDF-1.4".to_vec(), Ok(FileKind::Pdf)),
            ("png", b"\x89PNG\r\n\x1a\n\0\0".to_vec(), Ok(FileKind::Png)),
            ("jpeg", vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Ok(FileKind::Jpeg)),
            ("docx", zip_with("word/document.xml"), Ok(FileKind::Docx)),
            ("xlsx", zip_with("xl/workbook.xml"), Ok(FileKind::Xlsx)),
            ("another zip", zip_with("payload.exe"), Err(FileError::UnknownKind)),
            ("text", "申请公开的信息：某文件\r\n".as_bytes().to_vec(), Ok(FileKind::Text)),
            ("text with a BOM", b"\xEF\xBB\xBFabc".to_vec(), Ok(FileKind::Text)),
            ("an executable", b"MZ\x90\0\x03\0\0\0".to_vec(), Err(FileError::UnknownKind)),
            ("GBK text", vec![0xC9, 0xEA, 0xC7, 0xEB], Err(FileError::UnknownKind)),
            ("empty", Vec::new(), Err(FileError::Empty)),
            ("too large", vec![b'a'; MAX_FILE_BYTES + 1], Err(FileError::TooLarge)),
        ];
        for (case, bytes, want) in table {
            assert_eq!(sniff(&bytes), want, "{case}");
        }
    }

    #[test]
    fn names_are_safe_and_carry_the_real_extension() {
        let table = [
            ("身份证复印件.pdf", FileKind::Pdf, "身份证复印件.pdf"),
            ("scan.jpg", FileKind::Pdf, "scan.jpg.pdf"),
            ("photo.JPEG", FileKind::Jpeg, "photo.JPEG"),
            ("C:\\Users\\李四\\营业执照.png", FileKind::Png, "营业执照.png"),
            ("../../etc/passwd", FileKind::Text, "passwd.txt"),
            ("a\u{0}b\"<x>.docx", FileKind::Docx, "abx.docx"),
            ("", FileKind::Xlsx, "附件.xlsx"),
            (".hidden", FileKind::Text, "hidden.txt"),
        ];
        for (given, kind, want) in table {
            assert_eq!(safe_name(given, kind), want, "{given}");
        }
        assert!(safe_name(&"长".repeat(300), FileKind::Pdf).chars().count() <= 120);
    }
}
