//! Proactive disclosure (主动公开) as pure domain: the item and its metadata, the 索引号 scheme,
//! 文号 normalisation, validity of rules and normative documents, the confidentiality review
//! (保密审查) workflow and the table 二 figures derived from a year's items.

mod doc_number;
mod index_no;
mod item;
mod record;
mod review;
mod table2;
mod text;

pub use doc_number::normalize_doc_number;
pub use index_no::{IndexScheme, SchemeError};
pub use item::{Channel, Disclosure, DocKind, Genre, ItemError, ItemFields, Topic, Validity};
pub use record::{ItemRecord, date_field};
pub use review::{Action, ReviewError, Status, Workflow};
pub use table2::{
    ItemFacts, TABLE2_DERIVED_2019, TABLE2_DERIVED_2021, Table2Line, Table2Source, table2_for_report,
    table2_from_items, table2_keys, table2_sheet,
};
pub use text::{fold_width, html_to_text};
