//! National formats (2019, 2021): tables 二, 三, 四 and section 六 fees.

use gongkai_core::{Format, Report};

use crate::doc::Doc;

/// Reads the tables of a national-format report into `report`.
pub fn read(doc: &Doc, format: Format, report: &mut Report) {
    let _ = (doc, format, report);
}
