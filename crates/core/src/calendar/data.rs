//! The embedded national holiday schedule (`data/holidays/*.json`) and the parser/validator
//! for one year's notice, shared by the embedded data and run-time imports.

use std::sync::Arc;

use jiff::civil::Date;
use serde::Deserialize;

use super::{Error, day_number};

/// The embedded notices, one JSON text per year (the notice's year, see `data/holidays/README.md`).
pub(super) const EMBEDDED: [(i16, &str); 19] = [
    (2008, include_str!("../../data/holidays/2008.json")),
    (2009, include_str!("../../data/holidays/2009.json")),
    (2010, include_str!("../../data/holidays/2010.json")),
    (2011, include_str!("../../data/holidays/2011.json")),
    (2012, include_str!("../../data/holidays/2012.json")),
    (2013, include_str!("../../data/holidays/2013.json")),
    (2014, include_str!("../../data/holidays/2014.json")),
    (2015, include_str!("../../data/holidays/2015.json")),
    (2016, include_str!("../../data/holidays/2016.json")),
    (2017, include_str!("../../data/holidays/2017.json")),
    (2018, include_str!("../../data/holidays/2018.json")),
    (2019, include_str!("../../data/holidays/2019.json")),
    (2020, include_str!("../../data/holidays/2020.json")),
    (2021, include_str!("../../data/holidays/2021.json")),
    (2022, include_str!("../../data/holidays/2022.json")),
    (2023, include_str!("../../data/holidays/2023.json")),
    (2024, include_str!("../../data/holidays/2024.json")),
    (2025, include_str!("../../data/holidays/2025.json")),
    (2026, include_str!("../../data/holidays/2026.json")),
];

/// Years a notice may be for. Wider than any real need; it only catches typos such as `20277`.
pub(super) const YEARS: std::ops::RangeInclusive<i64> = 1949..=2999;

/// One State Council notice (国务院办公厅关于XXXX年部分节假日安排的通知), validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Notice {
    pub year: i16,
    pub papers: Vec<String>,
    /// Sorted by date, no duplicates.
    pub days: Vec<ListedDay>,
}

/// A date the notice lists: a day off (放假) or a make-up working day (调休上班).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ListedDay {
    pub date: Date,
    pub day: i32,
    pub off: bool,
    pub name: Arc<str>,
}

#[derive(Deserialize)]
struct RawNotice {
    year: i64,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<RawDay>,
}

#[derive(Deserialize)]
struct RawDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    is_off_day: bool,
}

/// Parses and validates one year's JSON (the upstream `holiday-cn` format):
/// the year is plausible, every date parses and belongs to that year (or to the previous
/// December, where a New Year break starts), no date is listed twice, names are not empty,
/// and the list is not empty (upstream publishes an empty placeholder before the notice exists;
/// accepting it would silently mark the year as covered with no holidays at all).
pub(super) fn parse_notice(text: &str) -> Result<Notice, Error> {
    let raw: RawNotice = serde_json::from_str(text).map_err(|e| Error::Json(e.to_string()))?;
    if !YEARS.contains(&raw.year) {
        return Err(Error::Year(raw.year));
    }
    let year = raw.year as i16;
    if raw.days.is_empty() {
        return Err(Error::Empty { year });
    }
    let mut days = Vec::with_capacity(raw.days.len());
    for d in raw.days {
        let date: Date = parse_iso_date(&d.date).ok_or_else(|| Error::Date { year, text: d.date.clone() })?;
        let previous_december = date.year() == year - 1 && date.month() == 12;
        if date.year() != year && !previous_december {
            return Err(Error::WrongYear { year, date });
        }
        let name = d.name.trim();
        if name.is_empty() {
            return Err(Error::EmptyName { year, date });
        }
        days.push(ListedDay { date, day: day_number(date), off: d.is_off_day, name: Arc::from(name) });
    }
    days.sort_by_key(|d| d.day);
    if let Some(w) = days.windows(2).find(|w| w[0].day == w[1].day) {
        return Err(Error::Duplicate { date: w[0].date, years: (year, year) });
    }
    Ok(Notice { year, papers: raw.papers, days })
}

/// Parses exactly `YYYY-MM-DD` (the only form the data and the command line use).
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + i32::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y as i16, m as i8, d as i8).ok()
}
