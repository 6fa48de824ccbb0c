//! Pre-2019 reports: the indicator table (统计表) and figures stated in the narrative.

use gongkai_core::{Format, Report};

use crate::doc::Doc;

/// Reads a legacy report's table and narrative figures into `report`.
pub fn read(doc: &Doc, format: Format, report: &mut Report) {
    let _ = (doc, format, report);
}
