//! What people read: the annual report (政府信息公开工作年度报告) and reply letters (答复书/告知书)
//! as HTML, DOCX and XLSX. Pure functions from the core's data to bytes or strings; no file IO.

pub mod docx;
pub mod html;
pub mod layout;
pub mod letter;
pub mod narrative;
pub mod redact;
pub mod sample;
pub mod supervision;
pub mod xlsx;

pub use docx::{NoticeEntry, document_docx, letter_docx, notice_docx, report_docx};
pub use html::{document_html, letter_html, report_html};
pub use letter::{Letter, LetterInput, ResponsibleOrgan};
pub use narrative::{DRAFT_MARK, draft as draft_narrative};
pub use supervision::{SubtreeRow, subtree_xlsx};
pub use xlsx::report_xlsx;
