//! Reads published 政府信息公开工作年度报告 (text, HTML, DOCX, .doc, PDF, OFD, sheets) into the report model.
//!
//! Data flows one way: bytes → [`input`] (decode, container format) → [`doc::Doc`]
//! (normalised lines and table rows) → [`detect`] (format, year, agency) →
//! [`national`] / [`legacy`] (values with evidence) → [`gongkai_core::Report`].

pub mod detect;
pub mod doc;
pub mod files;
pub mod input;
pub mod legacy;
pub mod national;
pub mod normalize;
pub mod number;

use std::path::Path;

use gongkai_core::Report;

pub use doc::{Doc, Line};
pub use input::InputKind;

/// Errors of the extractor. Messages are English (logs); the CLI adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "unsupported file type {0:?} (expected .txt, .html, .htm, .mht, .docx, .doc, .wps, .xlsx, .xls, .et, .ods, .pdf or .ofd)"
    )]
    UnsupportedType(String),
    #[error("not a valid DOCX file: {0}")]
    Docx(String),
    #[error("not a readable Word 97-2003 document: {0}")]
    Doc(String),
    #[error("the Word document is encrypted")]
    DocEncrypted,
    #[error("not a readable saved web page (MHTML): {0}")]
    Mhtml(String),
    #[error("not a readable spreadsheet: {0}")]
    Sheet(String),
    #[error("not a readable OFD document: {0}")]
    Ofd(String),
    #[error("the OFD document has no text (scanned pages need OCR)")]
    OfdWithoutText,
    #[error("not a readable PDF: {0}")]
    Pdf(String),
    #[error("the PDF has no text layer (scanned pages need OCR)")]
    PdfWithoutText,
    #[error("the document is empty")]
    Empty,
}

impl Error {
    /// What a person is told about a file that could not be read (Chinese; the `Display` form
    /// is for logs).
    pub fn message_zh(&self) -> String {
        match self {
            Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => "文件不存在".to_string(),
            Error::Io(io) => format!("无法读取文件（{io}）"),
            Error::UnsupportedType(ext) => {
                format!("不支持的文件类型“{ext}”，支持 txt、html、mht、docx、doc、wps、xlsx、xls、et、ods、pdf、ofd")
            }
            Error::Docx(m) => format!("不是有效的 DOCX 文件（{m}）"),
            Error::Doc(m) => format!("无法读取 Word 97-2003 文档（{m}）"),
            Error::DocEncrypted => "Word 文档已加密，请先解除密码保护再读取".to_string(),
            Error::Mhtml(m) => format!("无法读取单个文件网页（MHT）（{m}）"),
            Error::Sheet(m) => format!("无法读取电子表格（{m}）"),
            Error::Ofd(m) => format!("无法读取 OFD 版式文档（{m}）"),
            Error::OfdWithoutText => "OFD 文档没有文字（扫描件需先做文字识别）".to_string(),
            Error::Pdf(m) => format!("无法读取 PDF（{m}）"),
            Error::PdfWithoutText => "PDF 没有文字层（扫描件需先做文字识别）".to_string(),
            Error::Empty => "文件没有可读内容".to_string(),
        }
    }
}

/// The report reader. Holds what is expensive to build (conversion tables), so build one and
/// share it across threads.
pub struct Extractor {
    normalizer: normalize::Normalizer,
}

impl Extractor {
    pub fn new() -> Self {
        Extractor { normalizer: normalize::Normalizer::new() }
    }

    /// Reads a file, choosing the container format by its extension (and content sniffing).
    pub fn extract_path(&self, path: &Path) -> Result<Report, Error> {
        let bytes = std::fs::read(path)?;
        let kind = InputKind::detect(path, &bytes)?;
        let mut report = self.extract_bytes(kind, &bytes)?;
        report.source = Some(path.display().to_string());
        Ok(report)
    }

    /// Reads a document held in memory.
    pub fn extract_bytes(&self, kind: InputKind, bytes: &[u8]) -> Result<Report, Error> {
        let doc = self.read_doc(kind, bytes)?;
        Ok(self.read_report(&doc))
    }

    /// Turns bytes into normalised lines and table rows.
    pub fn read_doc(&self, kind: InputKind, bytes: &[u8]) -> Result<Doc, Error> {
        let raw = input::read(kind, bytes)?;
        let doc = Doc::build(raw, &self.normalizer);
        if doc.lines.is_empty() {
            return Err(Error::Empty);
        }
        Ok(doc)
    }

    /// Reads the figures of a document.
    pub fn read_report(&self, doc: &Doc) -> Report {
        let mut report = Report::default();
        let meta = detect::detect(doc);
        report.agency = meta.agency;
        report.year = meta.year;
        report.format = Some(meta.format);
        if let Some(period) = meta.period {
            report.observations.period = Some(period);
        }
        if meta.format.is_national() {
            national::read(doc, meta.format, &mut report);
        } else {
            legacy::read(doc, meta.format, &mut report);
        }
        report
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}
