//! Pre-2019 reports: the indicator table (统计表) and figures stated in the narrative.

pub(crate) mod narrative;
pub mod table;

use gongkai_core::report::Claim;
use gongkai_core::{Format, Report};

use crate::doc::Doc;

/// Reads a legacy report's table and narrative figures into `report`.
///
/// The table wins for `values`; a narrative figure of a key the table gives goes to
/// `observations.claims` (for the text/table comparison). Figures stated only in the
/// narrative become values.
pub fn read(doc: &Doc, format: Format, report: &mut Report) {
    let narrative = narrative::scan(doc);
    let hints: Vec<(&'static str, f64)> = narrative.facts.iter().map(|f| (f.key, f.value.as_f64())).collect();
    let table = table::read(doc, &hints);
    let _ = format;
    let mut table_keys: Vec<&str> = Vec::new();
    for (key, value, evidence) in table.values {
        if report.set(key, value, evidence) {
            table_keys.push(key);
        }
    }
    let uncertain_keys: Vec<&str> = table.uncertain.iter().flat_map(|u| u.keys.iter().map(String::as_str)).collect();
    // The first statement of a figure in the text is the one compared with the table; later
    // mentions of the same key are often about a part (a unit, a channel).
    let mut claims: Vec<Claim> = Vec::new();
    for fact in narrative.facts {
        if table_keys.contains(&fact.key) || uncertain_keys.contains(&fact.key) {
            if !claims.iter().any(|c| c.key == fact.key) {
                claims.push(Claim { key: fact.key.to_string(), value: fact.value, evidence: fact.evidence });
            }
        } else {
            report.set(fact.key, fact.value, fact.evidence);
        }
    }
    let obs = &mut report.observations;
    obs.claims.extend(claims);
    obs.percents.extend(narrative.percents);
    obs.categories.extend(narrative.categories);
    obs.duplicate_labels.extend(table.duplicates);
    obs.uncertain.extend(table.uncertain);
}
