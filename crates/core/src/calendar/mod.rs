//! The working-day (工作日) calendar: the national holiday schedule and the reply-deadline count.
//!
//! A day is a working day iff the schedule lists it as a make-up working day (调休上班), or it is
//! Monday–Friday and the schedule does not list it as a day off (放假). The schedule 2008–2026 is
//! compiled in (`data/holidays/`, see [`Calendar::official`]); a later year's notice can be added at
//! run time with [`Calendar::with_year_json`]. Years without a notice fall back to Monday–Friday and
//! say so ([`Coverage::Assumed`]).
//!
//! Internally dates are day numbers (days since 1970-01-01) so the deadline count is a tight loop
//! over a dense table; `jiff::civil::Date` is used at the edges.

mod data;
mod deadline;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use jiff::civil::{Date, Weekday};

pub use data::parse_iso_date;
pub use deadline::{
    DEFAULT_DAYS, Deadline, DeadlineError, DeadlineRequest, EXTENSION_DAYS, ExplainedDay, MAX_DAYS, REVISION_2019,
    Warning,
};

use data::{ListedDay, Notice};

/// What kind of day a date is in the national schedule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Working,
    /// An ordinary Saturday or Sunday (also a weekend taken together with a holiday, 与周末连休,
    /// which the notices do not list).
    Weekend,
    /// A day off (放假) listed by the notice, with the holiday's name as the notice writes it.
    Holiday { name: Arc<str> },
    /// A working day by adjustment (调休上班), normally a Saturday or Sunday.
    MakeUpWorkday { name: Arc<str> },
}

impl DayKind {
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Working | DayKind::MakeUpWorkday { .. })
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayKind::Working => f.write_str("工作日"),
            DayKind::Weekend => f.write_str("周末"),
            DayKind::Holiday { name } => write!(f, "{name}放假"),
            DayKind::MakeUpWorkday { name } => write!(f, "{name}调休上班"),
        }
    }
}

/// How far the loaded schedule can be trusted for a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Coverage {
    /// The notice for the date's year is loaded.
    Official,
    /// No notice for `year` is loaded: Monday–Friday is assumed, holidays are missing.
    Assumed { year: i16 },
    /// The date is in the last week of December and the notice for `year` (the next year) is not
    /// loaded yet; that notice may still move days around New Year (the 2008, 2012, 2019 and 2023
    /// notices did, reaching back to 12-29 at the earliest).
    Provisional { year: i16 },
}

/// How many years before the first and after the last loaded notice get the fixed-date
/// holidays (never before 2000, when the fixed 3-day 劳动节 and 国庆节 began).
const FIXED_HOLIDAY_YEARS: i16 = 30;

/// The statutory holidays fixed by date, by the year they took effect (《全国年节及纪念日放假办法》
/// of 1999, 2007 and, by 国务院令第795号, 2025): 元旦 1月1日, 劳动节 and 国庆节. The others move with
/// the lunar calendar (春节, 端午节, 中秋节) or the solar terms (清明节), and the make-up working
/// days are set by each year's notice: they cannot be inferred.
/// A holiday fixed by date: month, day, name.
type FixedDay = (i8, i8, &'static str);

const FIXED_HOLIDAYS: [(i16, &[FixedDay]); 3] = [
    (
        2000,
        &[
            (1, 1, "元旦"),
            (5, 1, "劳动节"),
            (5, 2, "劳动节"),
            (5, 3, "劳动节"),
            (10, 1, "国庆节"),
            (10, 2, "国庆节"),
            (10, 3, "国庆节"),
        ],
    ),
    (2008, &[(1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")]),
    (
        2025,
        &[(1, 1, "元旦"), (5, 1, "劳动节"), (5, 2, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")],
    ),
];

/// Days off of `year` inferred from [`FIXED_HOLIDAYS`], named like "元旦（推定）".
fn fixed_holidays(year: i16) -> impl Iterator<Item = ListedDay> {
    let days = FIXED_HOLIDAYS.iter().rev().find(|(from, _)| year >= *from).map_or(&[][..], |(_, days)| *days);
    days.iter().filter_map(move |(m, d, name)| {
        let date = Date::new(year, *m, *d).ok()?;
        Some(ListedDay { date, day: day_number(date), off: true, name: format!("{name}（推定）").into() })
    })
}

/// First day of December treated as "may be changed by next year's notice" (see [`Coverage`]).
const PROVISIONAL_FROM_DECEMBER: i8 = 25;

/// Errors importing a year's schedule (JSON as published by `holiday-cn`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("节假日安排数据不是有效的JSON：{0}")]
    Json(String),
    #[error("节假日安排的年份 {0} 不在可接受的范围（1949—2999）内")]
    Year(i64),
    #[error("{year}年节假日安排中没有任何日期（可能是尚未发布的占位文件）")]
    Empty { year: i16 },
    #[error("{year}年节假日安排中的日期“{text}”无法识别，应为 YYYY-MM-DD 格式的有效日期")]
    Date { year: i16, text: String },
    #[error("日期 {date} 不属于{year}年的节假日安排（只能是{year}年内或上一年12月的日期）")]
    WrongYear { year: i16, date: Date },
    #[error("{year}年节假日安排中 {date} 的节日名称为空")]
    EmptyName { year: i16, date: Date },
    #[error("日期 {date} 重复出现（{}年与{}年的节假日安排）", years.0, years.1)]
    Duplicate { date: Date, years: (i16, i16) },
}

/// Dense per-day state in [`Calendar::table`].
const NOT_LISTED: u8 = 0;
const LISTED_OFF: u8 = 1;
const LISTED_WORKING: u8 = 2;

/// The national working-day calendar. Cheap to query; build it once (see [`Calendar::official`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    /// The loaded notices by notice year.
    notices: BTreeMap<i16, Notice>,
    /// All listed days of all notices, sorted by day number.
    listed: Vec<ListedDay>,
    /// Day number of `table[0]`.
    base: i32,
    /// `NOT_LISTED` / `LISTED_OFF` / `LISTED_WORKING` for every day from `base` to the last listed day.
    table: Vec<u8>,
}

impl Calendar {
    /// The compiled-in national schedule 2008–2026, parsed once per process.
    pub fn official() -> &'static Calendar {
        static OFFICIAL: OnceLock<Calendar> = OnceLock::new();
        OFFICIAL.get_or_init(|| {
            let mut notices = BTreeMap::new();
            for (year, text) in data::EMBEDDED {
                // The embedded files are checked by the tests (`embedded_data_is_complete_and_valid`).
                let notice = data::parse_notice(text).expect("embedded holiday data is valid");
                debug_assert_eq!(notice.year, year);
                notices.insert(year, notice);
            }
            Calendar::build(notices).expect("embedded holiday data has no duplicate dates")
        })
    }

    /// A calendar with no schedule at all: every year is [`Coverage::Assumed`] (Monday–Friday).
    pub fn weekdays_only() -> Calendar {
        Calendar::default()
    }

    /// A new calendar with one more year's notice, as the JSON of one `holiday-cn` year file
    /// (`{"year": 2027, "papers": [...], "days": [{"name", "date", "isOffDay"}, ...]}`).
    ///
    /// This is how an administrator imports next year's official schedule without a release.
    /// A notice for a year already loaded replaces it (e.g. after a supplementary notice).
    /// Validation: see [`Error`]; a date may not also be listed by another year's notice.
    pub fn with_year_json(&self, text: &str) -> Result<Calendar, Error> {
        let notice = data::parse_notice(text)?;
        let mut notices = self.notices.clone();
        notices.insert(notice.year, notice);
        Calendar::build(notices)
    }

    fn build(notices: BTreeMap<i16, Notice>) -> Result<Calendar, Error> {
        let mut listed: Vec<(i16, ListedDay)> =
            notices.values().flat_map(|n| n.days.iter().map(|d| (n.year, d.clone()))).collect();
        listed.sort_by_key(|(_, d)| d.day);
        if let Some(w) = listed.windows(2).find(|w| w[0].1.day == w[1].1.day) {
            return Err(Error::Duplicate { date: w[0].1.date, years: (w[0].0, w[1].0) });
        }
        let mut listed: Vec<ListedDay> = listed.into_iter().map(|(_, d)| d).collect();
        // Years without a notice around the loaded ones: the holidays fixed by date count as
        // days off (Coverage::Assumed still says the schedule is missing).
        if let (Some(first), Some(last)) = (notices.keys().next().copied(), notices.keys().next_back().copied()) {
            for year in (first - FIXED_HOLIDAY_YEARS..=last + FIXED_HOLIDAY_YEARS).filter(|y| !notices.contains_key(y))
            {
                listed.extend(fixed_holidays(year));
            }
            // A notice may list days of the previous December: those stand.
            listed.sort_by_key(|d| d.day);
            listed.dedup_by_key(|d| d.day);
        }
        let (base, table) = match (listed.first(), listed.last()) {
            (Some(first), Some(last)) => {
                let mut table = vec![NOT_LISTED; (last.day - first.day + 1) as usize];
                for d in &listed {
                    table[(d.day - first.day) as usize] = if d.off { LISTED_OFF } else { LISTED_WORKING };
                }
                (first.day, table)
            }
            _ => (0, Vec::new()),
        };
        Ok(Calendar { notices, listed, base, table })
    }

    /// The notice years loaded, ascending.
    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.notices.keys().copied()
    }

    /// Whether the notice for `year` is loaded.
    pub fn has_year(&self, year: i16) -> bool {
        self.notices.contains_key(&year)
    }

    /// The gov.cn notice(s) a loaded year was taken from.
    pub fn papers(&self, year: i16) -> Option<&[String]> {
        self.notices.get(&year).map(|n| n.papers.as_slice())
    }

    /// Whether `date` is a working day (工作日).
    pub fn is_working_day(&self, date: Date) -> bool {
        self.is_working(day_number(date))
    }

    /// What kind of day `date` is, with the holiday's name where the schedule lists it.
    pub fn day_kind(&self, date: Date) -> DayKind {
        let day = day_number(date);
        match self.listed.binary_search_by_key(&day, |d| d.day) {
            Ok(i) if self.listed[i].off => DayKind::Holiday { name: self.listed[i].name.clone() },
            Ok(i) => DayKind::MakeUpWorkday { name: self.listed[i].name.clone() },
            Err(_) if is_weekend(day) => DayKind::Weekend,
            Err(_) => DayKind::Working,
        }
    }

    /// How far the schedule can be trusted for `date` (see [`Coverage`]).
    pub fn coverage(&self, date: Date) -> Coverage {
        let year = date.year();
        if !self.has_year(year) {
            Coverage::Assumed { year }
        } else if date.month() == 12 && date.day() >= PROVISIONAL_FROM_DECEMBER && !self.has_year(year + 1) {
            Coverage::Provisional { year: year + 1 }
        } else {
            Coverage::Official
        }
    }

    /// Working-day test on a day number: the hot path of the deadline count.
    #[inline]
    fn is_working(&self, day: i32) -> bool {
        let i = day.wrapping_sub(self.base) as u32 as usize;
        match self.table.get(i) {
            Some(&LISTED_OFF) => false,
            Some(&LISTED_WORKING) => true,
            _ => !is_weekend(day),
        }
    }
}

/// Saturday or Sunday, for a day number (1970-01-01, day 0, was a Thursday).
#[inline]
fn is_weekend(day: i32) -> bool {
    (day + 3).rem_euclid(7) >= 5
}

/// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
pub(crate) fn day_number(date: Date) -> i32 {
    let (m, d) = (i32::from(date.month()), i32::from(date.day()));
    let y = i32::from(date.year()) - i32::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number, `None` outside jiff's range (years -9999..=9999).
pub(crate) fn date_of(day: i32) -> Option<Date> {
    let z = day.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

/// The Chinese name of a weekday (星期一 … 星期日).
pub fn weekday_zh(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "星期一",
        Weekday::Tuesday => "星期二",
        Weekday::Wednesday => "星期三",
        Weekday::Thursday => "星期四",
        Weekday::Friday => "星期五",
        Weekday::Saturday => "星期六",
        Weekday::Sunday => "星期日",
    }
}
