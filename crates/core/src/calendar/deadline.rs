//! Reply deadlines in working days (第三十条, 第三十一条, 第三十三条 of the 2019 Regulation): the
//! count, its day-by-day explanation, and the warnings a person checking it by hand needs.
//!
//! Counting convention (regulation.md §5, [CONVENTION]): the start day (收到申请之日, or the day the
//! corrected application is received after 补正) is not counted; working day 1 is the first
//! working day after it; the deadline is the Nth working day. Consultation periods (征求第三方和
//! 其他机关意见, 第三十二条/第三十四条) are excluded day by day (第三十三条第三款), both ends
//! included. The extension (第三十三条) is appended: it runs on from the original deadline.
//!
//! How the pieces interact (the Regulation is silent on the details; each choice below is the
//! one a person can redo with a paper calendar):
//! - 补正 restarts the whole count at the corrected application's receipt day (regulation.md §6.2
//!   "a restart, not a pause"); pauses before that day have no effect and are reported as such.
//! - Pauses are excluded from the basic period **and** from the extension: 第三十三条第三款 says
//!   consultation time is not counted in "前款规定的期限", which includes the extended period.
//!   So the count simply goes on to `days + 20` working days skipping paused days, and the
//!   original deadline is the `days`-th counted day on the way (regulation.md §5: "the extension
//!   runs on from the original deadline, it is not a fresh period from a later date").
//! - A paused day is skipped whatever its kind; a paused weekend or holiday is shown with both
//!   reasons, but only paused *working* days are reported as time the pause added.
//! - Overlapping pauses are allowed and simply overlap (a day is paused if any pause covers it).
//! - The extension length is the Art. 33 maximum of 20 working days. For the 2008 regime (15 + 15)
//!   use 30 days without the extension; a warning points this out for receipts before 2019-05-15.

use std::fmt;

use jiff::civil::{Date, date};

use super::{Calendar, Coverage, DayKind, date_of, day_number};

/// The basic reply period, 20 working days (第三十三条).
pub const DEFAULT_DAYS: u32 = 20;
/// The longest extension, 20 working days (第三十三条).
pub const EXTENSION_DAYS: u32 = 20;
/// The largest period accepted, to catch typos (no period in the Regulation comes close).
pub const MAX_DAYS: u32 = 365;
/// The revised Regulation (国务院令第711号) is in force from this day; earlier receipts may fall
/// under the 2008 version (15 + 15 working days).
pub const REVISION_2019: Date = date(2019, 5, 15);

/// What to count: a period of working days from a receipt date, with 补正, consultation pauses and
/// the extension.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeadlineRequest {
    /// 收到申请之日, determined by channel under 第三十一条; this day itself is not counted.
    pub received: Date,
    /// Working days in the period: 20 for the reply (第三十三条), 7 for the 补正 notice (第三十条),
    /// 15 for a consulted third party or organ (第三十二条, 第三十四条), 20 for proactive disclosure
    /// (第二十六条). 1..=365.
    pub days: u32,
    /// 补正 (第三十条): the day the corrected application was received; the count restarts from it.
    pub corrected: Option<Date>,
    /// Consultation periods (征求意见, 第三十二条–第三十四条), both ends included, not counted
    /// (第三十三条第三款).
    pub pauses: Vec<(Date, Date)>,
    /// Extended (第三十三条): adds [`EXTENSION_DAYS`] working days after the original deadline.
    pub extend: bool,
}

/// The computed deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// 收到申请之日 as requested.
    pub received: Date,
    /// The day the count starts from (not counted): `received`, or the 补正 receipt day.
    pub start: Date,
    /// Whether the count restarted after 补正 (第三十条).
    pub restarted: bool,
    /// Working days of the basic period.
    pub days: u32,
    /// Working days added by the extension (0 or [`EXTENSION_DAYS`]).
    pub extension: u32,
    /// The deadline without the extension (the `days`-th counted working day).
    pub original_due: Date,
    /// The deadline: the last counted working day, inclusive.
    pub due: Date,
    /// Working days between the start and `due` that were not counted because of a pause.
    pub paused_working_days: u32,
    /// Things a person must know about the result (missing schedule data, ignored pauses, …).
    pub warnings: Vec<Warning>,
    /// Every day after `start` up to `due`, in order; empty unless built with
    /// [`DeadlineRequest::explain`].
    pub explanation: Vec<ExplainedDay>,
}

/// One day of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedDay {
    pub date: Date,
    pub kind: DayKind,
    /// Inside a consultation pause (征求意见, not counted).
    pub paused: bool,
    /// The ordinal of the working day when the day counted (1-based, running on into the
    /// extension); `None` when it did not count.
    pub ordinal: Option<u32>,
}

/// A warning attached to a deadline: the result stands but must be read with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Warning {
    /// The counted days reach a year with no official schedule: Monday–Friday was assumed.
    Assumed { year: i16 },
    /// The counted days reach the last week of December before `year`, whose notice is not
    /// loaded yet and may still change those days.
    Provisional { year: i16 },
    /// A pause lies wholly outside the counted days (on or before the start day, or after the
    /// deadline) and changed nothing.
    PauseOutside { from: Date, to: Date },
    /// Received before the revised Regulation took effect: the 2008 periods may apply.
    Before2019 { received: Date },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Assumed { year } => write!(
                f,
                "没有{year}年的节假日安排数据，{year}年的日期按星期一至星期五为工作日、元旦、劳动节和国庆节\
                 按法定日期放假推定，春节、清明、端午、中秋和调休未计入，结果为暂定；\
                 请导入国务院办公厅公布的{year}年节假日安排后重新计算"
            ),
            Warning::Provisional { year } => write!(
                f,
                "尚未导入{year}年的节假日安排，{}年12月下旬的日期可能因元旦放假调休而改变，请在该安排公布后复核",
                year - 1
            ),
            Warning::PauseOutside { from, to } => {
                write!(f, "征求意见期间 {from} 至 {to} 不在计算期间内，对期限没有影响")
            }
            Warning::Before2019 { received } => write!(
                f,
                "收到申请之日 {received} 早于修订后的条例施行之日（2019-05-15），可能适用2008年版条例：\
                 答复期限为15个工作日，延长不超过15个工作日，请核对期限天数"
            ),
        }
    }
}

/// Why a deadline cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("期限天数应为1至{MAX_DAYS}个工作日，不能是{0}")]
    Days(u32),
    #[error("收到补正后申请之日（{corrected}）早于收到申请之日（{received}）")]
    CorrectedBeforeReceived { received: Date, corrected: Date },
    #[error("征求意见期间的结束日期（{to}）早于开始日期（{from}）")]
    PauseReversed { from: Date, to: Date },
    #[error("期限超出可以计算的日期范围（9999-12-31 之后）")]
    OutOfRange,
}

impl DeadlineRequest {
    /// The reply period of 第三十三条: 20 working days from `received`, no 补正, no pause, not extended.
    pub fn new(received: Date) -> DeadlineRequest {
        DeadlineRequest { received, days: DEFAULT_DAYS, corrected: None, pauses: Vec::new(), extend: false }
    }

    /// The deadline without the day-by-day explanation (no allocation unless there are pauses or
    /// warnings).
    pub fn compute(&self, calendar: &Calendar) -> Result<Deadline, DeadlineError> {
        self.count(calendar, |_, _, _| {})
    }

    /// The working days counted from the start (not counted itself: the receipt, or the 补正
    /// receipt when the count restarted) up to `to` inclusive, pauses left out: how long an
    /// answer given on `to` took. 0 for an answer on the start day; `None` beyond ten years.
    pub fn working_days_to(&self, cal: &Calendar, to: Date) -> Option<u32> {
        let start = day_number(self.corrected.unwrap_or(self.received).max(self.received));
        let end = day_number(to);
        if end - start > 3660 {
            return None;
        }
        let pauses: Vec<(i32, i32)> = self.pauses.iter().map(|&(a, b)| (day_number(a), day_number(b))).collect();
        let counted = (start + 1..=end)
            .filter(|&day| cal.is_working(day) && !pauses.iter().any(|&(a, b)| a <= day && day <= b))
            .count();
        u32::try_from(counted).ok()
    }

    /// The deadline with [`Deadline::explanation`] filled in.
    pub fn explain(&self, calendar: &Calendar) -> Result<Deadline, DeadlineError> {
        let mut days: Vec<(i32, bool, Option<u32>)> = Vec::new();
        let mut deadline = self.count(calendar, |day, paused, ordinal| days.push((day, paused, ordinal)))?;
        deadline.explanation = days
            .into_iter()
            .map(|(day, paused, ordinal)| {
                // Every visited day is at most `due`, which converted successfully.
                let date = date_of(day).expect("visited days are valid dates");
                ExplainedDay { date, kind: calendar.day_kind(date), paused, ordinal }
            })
            .collect();
        Ok(deadline)
    }

    /// Validates, then walks the days after the start, calling `visit(day, paused, ordinal)` for each.
    fn count<F: FnMut(i32, bool, Option<u32>)>(&self, cal: &Calendar, mut visit: F) -> Result<Deadline, DeadlineError> {
        if self.days == 0 || self.days > MAX_DAYS {
            return Err(DeadlineError::Days(self.days));
        }
        let start = match self.corrected {
            Some(c) if c < self.received => {
                return Err(DeadlineError::CorrectedBeforeReceived { received: self.received, corrected: c });
            }
            Some(c) => c,
            None => self.received,
        };
        if let Some(&(from, to)) = self.pauses.iter().find(|(from, to)| to < from) {
            return Err(DeadlineError::PauseReversed { from, to });
        }
        let pauses: Vec<(i32, i32)> = self.pauses.iter().map(|&(a, b)| (day_number(a), day_number(b))).collect();
        let extension = if self.extend { EXTENSION_DAYS } else { 0 };
        let total = self.days + extension;

        let last_day = day_number(Date::MAX);
        let start_day = day_number(start);
        let mut day = start_day;
        let mut counted = 0u32;
        let mut original_due = start_day;
        let mut paused_working_days = 0u32;
        while counted < total {
            day += 1;
            if day > last_day {
                return Err(DeadlineError::OutOfRange);
            }
            let working = cal.is_working(day);
            let paused = pauses.iter().any(|&(a, b)| a <= day && day <= b);
            if paused {
                paused_working_days += u32::from(working);
                visit(day, true, None);
            } else if working {
                counted += 1;
                if counted == self.days {
                    original_due = day;
                }
                visit(day, false, Some(counted));
            } else {
                visit(day, false, None);
            }
        }
        let due_day = day;
        let date = |d: i32| date_of(d).ok_or(DeadlineError::OutOfRange);

        let mut warnings = Vec::new();
        let (first, due) = (date(start_day + 1)?, date(due_day)?);
        for year in first.year()..=due.year() {
            if !cal.has_year(year) {
                warnings.push(Warning::Assumed { year });
            }
        }
        // The last week of December of the final year, if next year's notice is missing; for
        // earlier years the window reached into the next year, already warned about above.
        if let Coverage::Provisional { year } = cal.coverage(due) {
            warnings.push(Warning::Provisional { year });
        }
        for (&(from, to), &(a, b)) in self.pauses.iter().zip(&pauses) {
            if b <= start_day || a > due_day {
                warnings.push(Warning::PauseOutside { from, to });
            }
        }
        if self.received < REVISION_2019 {
            warnings.push(Warning::Before2019 { received: self.received });
        }

        Ok(Deadline {
            received: self.received,
            start,
            restarted: self.corrected.is_some(),
            days: self.days,
            extension,
            original_due: date(original_due)?,
            due,
            paused_working_days,
            warnings,
            explanation: Vec::new(),
        })
    }
}

impl Deadline {
    /// Whether the deadline rests only on official schedule data.
    pub fn is_official(&self) -> bool {
        !self.warnings.iter().any(|w| matches!(w, Warning::Assumed { .. } | Warning::Provisional { .. }))
    }
}
