//! Table 二 (第二十条 主动公开) figures of rules and normative documents, counted from the items:
//! issued, abolished and in force (2021 format) or made, published and published in total (2019
//! format). The other rows (licensing, penalties, coercion, fees) are entered, not derived.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::item::{DocKind, Validity};
use super::review::Status;
use crate::report::{Figure, Format};

/// What table 二 needs of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    pub kind: DocKind,
    pub status: Status,
    /// 成文日期: the document was made (制发) that day.
    pub written_on: Date,
    pub published_on: Option<Date>,
    pub validity: Option<Validity>,
}

/// The keys [`table2_from_items`] writes in the 2021 format.
pub const TABLE2_DERIVED_2021: &[&str] = &[
    "t2.rules.issued",
    "t2.rules.abolished",
    "t2.rules.in_force",
    "t2.normative.issued",
    "t2.normative.abolished",
    "t2.normative.in_force",
];

/// The keys [`table2_from_items`] writes in the 2019 format.
pub const TABLE2_DERIVED_2019: &[&str] = &[
    "t2.rules.new_made",
    "t2.rules.new_published",
    "t2.rules.published_total",
    "t2.normative.new_made",
    "t2.normative.new_published",
    "t2.normative.published_total",
];

/// The rule and normative-document figures of table 二 for `year` in `format`, from the items
/// of one agency. Only items currently published count (a withdrawn item was taken down as
/// wrong, and a draft is not yet a document).
///
/// 2021: 本年制发 = 成文日期 in the year; 本年废止 = abolished (废止) in the year; 现行有效 = in
/// force on 31 December. 2019: 本年新制作 = 成文日期 in the year; 本年新公开 = published in the
/// year; 对外公开总数 = published by 31 December. Legacy formats get nothing.
pub fn table2_from_items(year: i16, format: Format, items: &[ItemFacts]) -> BTreeMap<String, Figure> {
    let mut out = BTreeMap::new();
    let Ok(end) = Date::new(year, 12, 31) else { return out };
    let in_year = |d: Date| d.year() == year;
    for (kind, group) in [(DocKind::Rule, "rules"), (DocKind::Normative, "normative")] {
        let of_kind = || items.iter().filter(move |i| i.kind == kind && i.status == Status::Published);
        let count = |f: &dyn Fn(&ItemFacts) -> bool| Figure::Count(of_kind().filter(|i| f(i)).count() as i64);
        match format {
            Format::National2021 => {
                out.insert(format!("t2.{group}.issued"), count(&|i| in_year(i.written_on)));
                out.insert(
                    format!("t2.{group}.abolished"),
                    count(&|i| matches!(i.validity, Some(Validity::Abolished { on, .. }) if in_year(on))),
                );
                out.insert(format!("t2.{group}.in_force"), count(&|i| i.validity.is_some_and(|v| v.in_force_on(end))));
            }
            Format::National2019 => {
                out.insert(format!("t2.{group}.new_made"), count(&|i| in_year(i.written_on)));
                out.insert(format!("t2.{group}.new_published"), count(&|i| i.published_on.is_some_and(in_year)));
                out.insert(format!("t2.{group}.published_total"), count(&|i| i.published_on.is_some_and(|d| d <= end)));
            }
            Format::LegacyStats | Format::LegacyText => {}
        }
    }
    out
}

/// Table 二 of a report: the rule and normative-document rows counted from the items when the
/// agency keeps its documents as items, every other row (and those rows, for an agency that
/// keeps no documents here yet) from what the office entered. A derived figure is never
/// overridden by a typed one: the report is derived from the records, not typed in twice.
pub fn table2_for_report(
    year: i16,
    format: Format,
    items: &[ItemFacts],
    entered: BTreeMap<String, Figure>,
) -> BTreeMap<String, Figure> {
    let mut out = derived(year, format, items);
    for (key, figure) in entered {
        out.entry(key).or_insert(figure);
    }
    out
}

/// The figures counted from the items, for an agency that keeps its rules or normative
/// documents as items here (none otherwise: its office enters them).
fn derived(year: i16, format: Format, items: &[ItemFacts]) -> BTreeMap<String, Figure> {
    let keeps_documents = items.iter().any(|i| matches!(i.kind, DocKind::Rule | DocKind::Normative));
    if keeps_documents { table2_from_items(year, format, items) } else { BTreeMap::new() }
}

/// Where a figure of table 二 comes from, as the office's entry form shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table2Source {
    /// Counted from the published items (规章, 规范性文件): not typed in.
    Items,
    /// Entered by the office.
    Entered,
    /// Neither: still to be entered before the report is complete.
    Missing,
}

/// One row of the table 二 entry form: the key, its label, the figure the report will carry
/// and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Table2Line {
    pub key: &'static str,
    pub label: &'static str,
    pub value: Option<Figure>,
    pub source: Table2Source,
}

/// The keys of table 二 in `format`, with their labels (none for the legacy formats).
pub fn table2_keys(format: Format) -> &'static [(&'static str, &'static str)] {
    match format {
        Format::National2021 => crate::keys::T2_2021,
        Format::National2019 => crate::keys::T2_2019,
        Format::LegacyStats | Format::LegacyText => &[],
    }
}

/// Every figure of table 二 for `year` in `format`, as [`table2_for_report`] decides it, with
/// where each comes from: what the office's form shows and lets it edit.
pub fn table2_sheet(
    year: i16,
    format: Format,
    items: &[ItemFacts],
    entered: &BTreeMap<String, Figure>,
) -> Vec<Table2Line> {
    let derived = derived(year, format, items);
    table2_keys(format)
        .iter()
        .map(|&(key, label)| {
            let (value, source) = match (derived.get(key), entered.get(key)) {
                (Some(v), _) => (Some(*v), Table2Source::Items),
                (None, Some(v)) => (Some(*v), Table2Source::Entered),
                (None, None) => (None, Table2Source::Missing),
            };
            Table2Line { key, label, value, source }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::keys;

    fn facts(kind: DocKind, status: Status, written: Date, published: Option<Date>, v: Option<Validity>) -> ItemFacts {
        ItemFacts { kind, status, written_on: written, published_on: published, validity: v }
    }

    /// A known set: the figures below are counted by hand.
    fn items() -> Vec<ItemFacts> {
        use DocKind::*;
        use Status::*;
        let eff = |y, m, d| Some(Validity::Effective { since: date(y, m, d) });
        let abol = |since: Date, on: Date| Some(Validity::Abolished { since, on });
        let exp = |since: Date, on: Date| Some(Validity::Expired { since, on });
        vec![
            // Rules: two made in 2024 (one in force from 2025), one older still in force, one
            // older abolished in 2024, one withdrawn (never counts).
            facts(Rule, Published, date(2024, 3, 1), Some(date(2024, 3, 5)), eff(2024, 4, 1)),
            facts(Rule, Published, date(2024, 12, 20), Some(date(2024, 12, 28)), eff(2025, 1, 1)),
            facts(Rule, Published, date(2019, 5, 1), Some(date(2019, 5, 8)), eff(2019, 6, 1)),
            facts(Rule, Published, date(2018, 1, 1), Some(date(2019, 1, 10)), abol(date(2018, 2, 1), date(2024, 7, 1))),
            facts(Rule, Withdrawn, date(2024, 2, 1), Some(date(2024, 2, 2)), eff(2024, 2, 2)),
            // Normative documents: one made and published in 2024, one made in 2023 and
            // published in 2024, one expired in 2024 (not abolished), a draft of 2024.
            facts(Normative, Published, date(2024, 6, 1), Some(date(2024, 6, 3)), eff(2024, 6, 3)),
            facts(Normative, Published, date(2023, 12, 25), Some(date(2024, 1, 4)), eff(2024, 1, 4)),
            facts(
                Normative,
                Published,
                date(2021, 1, 1),
                Some(date(2021, 1, 5)),
                exp(date(2021, 1, 5), date(2024, 1, 5)),
            ),
            facts(Normative, Draft, date(2024, 9, 1), None, eff(2024, 10, 1)),
            // Other documents never count.
            facts(Other, Published, date(2024, 1, 1), Some(date(2024, 1, 2)), None),
        ]
    }

    #[test]
    fn table_two_2021_from_a_known_set() {
        let got = table2_from_items(2024, Format::National2021, &items());
        let want: BTreeMap<String, Figure> = [
            ("t2.rules.issued", 2),
            ("t2.rules.abolished", 1),
            ("t2.rules.in_force", 2),
            ("t2.normative.issued", 1),
            ("t2.normative.abolished", 0),
            ("t2.normative.in_force", 2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Figure::Count(v)))
        .collect();
        assert_eq!(got, want);
        assert!(got.keys().all(|k| keys::T2_2021.iter().any(|(t, _)| t == k)));
        assert_eq!(TABLE2_DERIVED_2021.len(), got.len());
    }

    #[test]
    fn table_two_2019_from_a_known_set() {
        // The same items seen from 2019: rules made in 2019 = 1; published in 2019 = 2 (one made
        // in 2018); published by the end of 2019 = 2. Normative: nothing yet.
        let got = table2_from_items(2019, Format::National2019, &items());
        let get = |k: &str| got.get(k).copied();
        assert_eq!(get("t2.rules.new_made"), Some(Figure::Count(1)));
        assert_eq!(get("t2.rules.new_published"), Some(Figure::Count(2)));
        assert_eq!(get("t2.rules.published_total"), Some(Figure::Count(2)));
        assert_eq!(get("t2.normative.published_total"), Some(Figure::Count(0)));
        assert!(got.keys().all(|k| keys::T2_2019.iter().any(|(t, _)| t == k)));
        assert_eq!(TABLE2_DERIVED_2019.len(), got.len());
        assert!(table2_from_items(2019, Format::LegacyStats, &items()).is_empty());
    }

    #[test]
    fn entered_figures_fill_only_what_items_do_not_give() {
        let entered: BTreeMap<String, Figure> = [("t2.rules.issued", 9), ("t2.licensing.decisions", 120)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Figure::Count(v)))
            .collect();
        let with_items = table2_for_report(2024, Format::National2021, &items(), entered.clone());
        assert_eq!(with_items["t2.rules.issued"], Figure::Count(2), "derived, not typed over");
        assert_eq!(with_items["t2.licensing.decisions"], Figure::Count(120), "entered rows kept");
        let without = table2_for_report(2024, Format::National2021, &[], entered.clone());
        assert_eq!(without, entered, "no documents kept here yet: the entered figures stand");
    }

    #[test]
    fn the_entry_form_says_where_each_figure_comes_from() {
        let entered: BTreeMap<String, Figure> = [("t2.rules.issued", 9), ("t2.licensing.decisions", 120)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Figure::Count(v)))
            .collect();
        let sheet = table2_sheet(2024, Format::National2021, &items(), &entered);
        assert_eq!(sheet.len(), keys::T2_2021.len());
        let line = |k: &str| sheet.iter().find(|l| l.key == k).unwrap();
        assert_eq!(
            (line("t2.rules.issued").value, line("t2.rules.issued").source),
            (Some(Figure::Count(2)), Table2Source::Items)
        );
        assert_eq!(line("t2.licensing.decisions").source, Table2Source::Entered);
        assert_eq!(
            (line("t2.penalty.decisions").value, line("t2.penalty.decisions").source),
            (None, Table2Source::Missing)
        );
        // The figures of the form are those of the report.
        let report = table2_for_report(2024, Format::National2021, &items(), entered.clone());
        for l in &sheet {
            assert_eq!(l.value, report.get(l.key).copied(), "{}", l.key);
        }
        // Without documents kept here, every row is the office's.
        let bare = table2_sheet(2024, Format::National2021, &[], &entered);
        assert_eq!(bare.iter().find(|l| l.key == "t2.rules.issued").unwrap().source, Table2Source::Entered);
        assert!(table2_sheet(2015, Format::LegacyStats, &[], &entered).is_empty());
    }

    #[test]
    fn in_force_carries_over_between_years() {
        // The 2021-format carry-over the auditor checks: in_force(Y) - issued(Y) + abolished(Y)
        // = in_force(Y-1), when items take effect in the year they are made and only abolition
        // ends them.
        use DocKind::Rule;
        use Status::Published;
        let set: Vec<ItemFacts> = (0..40)
            .map(|i| {
                let made = date(2020 + (i % 5) as i16, 1 + (i % 12) as i8, 1 + (i % 28) as i8);
                let v = if i % 3 == 0 {
                    Validity::Abolished { since: made, on: date(made.year() + 1, 6, 1) }
                } else {
                    Validity::Effective { since: made }
                };
                facts(Rule, Published, made, Some(made), Some(v))
            })
            .collect();
        for y in 2021..=2024 {
            let this = table2_from_items(y, Format::National2021, &set);
            let last = table2_from_items(y - 1, Format::National2021, &set);
            let n = |m: &BTreeMap<String, Figure>, k: &str| m[k].as_f64() as i64;
            assert_eq!(
                n(&this, "t2.rules.in_force") - n(&this, "t2.rules.issued") + n(&this, "t2.rules.abolished"),
                n(&last, "t2.rules.in_force"),
                "{y}"
            );
        }
    }
}
