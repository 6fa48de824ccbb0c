//! Due dates of open applications for the queue, the case page and the applicant: computed by
//! the core calendar from the lifecycle's clock facts (Art. 30–33), with the 即将超期 / 已超期
//! flags.

use gongkai_core::calendar::{Calendar, Coverage, Deadline, DeadlineRequest};
use gongkai_core::case::{Lifecycle, Stage};
use jiff::civil::Date;
use serde::Serialize;

/// How close an open application is to its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 已超期: the deadline has passed.
    Overdue,
    /// 即将超期: at most [`SOON_WORKING_DAYS`] working days left.
    DueSoon,
    Normal,
    /// The clock is paused (补正, 征求意见, 缴费) or not started (awaiting confirmation).
    Paused,
}

/// Working days left at which an application is flagged 即将超期.
pub const SOON_WORKING_DAYS: u32 = 5;

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Overdue => "已超期",
            Urgency::DueSoon => "即将超期",
            Urgency::Normal => "",
            Urgency::Paused => "计时暂停",
        }
    }
}

/// The deadline request of a lifecycle, with an open pause counted up to `today`.
pub fn request(lc: &Lifecycle, today: Date) -> Option<DeadlineRequest> {
    let received = lc.clock.received?;
    let mut pauses = lc.clock.pauses.clone();
    match lc.stage {
        Stage::Consulting { since, .. } => pauses.push((since, today.max(since))),
        Stage::AwaitingPayment { notice_on, .. } => pauses.push((notice_on, today.max(notice_on))),
        _ => {}
    }
    Some(DeadlineRequest {
        received,
        days: gongkai_core::calendar::DEFAULT_DAYS,
        corrected: lc.clock.corrected,
        pauses,
        extend: lc.clock.extended,
    })
}

/// The due date of an open application and its urgency today; `None` before receipt.
pub fn due(lc: &Lifecycle, calendar: &Calendar, today: Date) -> Option<(Date, Urgency)> {
    let deadline = request(lc, today)?.compute(calendar).ok()?;
    let urgency = match lc.stage {
        Stage::Concluded { .. } => Urgency::Normal,
        Stage::AwaitingCorrection { .. } | Stage::Consulting { .. } | Stage::AwaitingPayment { .. } => Urgency::Paused,
        _ if today > deadline.due => Urgency::Overdue,
        _ if working_days_between(calendar, today, deadline.due) <= SOON_WORKING_DAYS => Urgency::DueSoon,
        _ => Urgency::Normal,
    };
    Some((deadline.due, urgency))
}

/// The full day-by-day explanation (case page).
pub fn explain(lc: &Lifecycle, calendar: &Calendar, today: Date) -> Option<Deadline> {
    request(lc, today)?.explain(calendar).ok()
}

/// Working days after `from` up to and including `to`.
fn working_days_between(calendar: &Calendar, from: Date, to: Date) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to && n <= SOON_WORKING_DAYS {
        d = d.tomorrow().unwrap_or(to);
        if calendar.is_working_day(d) {
            n += 1;
        }
    }
    n
}

/// Whether `due` was counted without its year's official schedule (or may still be moved by
/// next year's): then it rests on Monday–Friday and the holidays fixed by date.
pub fn is_provisional(calendar: &Calendar, due: Date) -> bool {
    calendar.coverage(due) != Coverage::Official
}

/// A due date as people read it, marked 暂定 when it is provisional (see [`is_provisional`]).
pub fn shown(calendar: &Calendar, due: Date) -> String {
    if is_provisional(calendar, due) { format!("{due}（暂定）") } else { due.to_string() }
}

/// The deadline an online application will have if receipt is confirmed on `day` (Art. 31:
/// online applications are received on the day both sides confirm).
pub fn provisional_due(calendar: &Calendar, day: Date) -> Option<Date> {
    DeadlineRequest::new(day).compute(calendar).ok().map(|d| d.due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::case::{ApplicantKind, Channel, Consulted, Event};
    use jiff::civil::date;

    /// Issue 11, point 9: a due date counted without its year's official schedule says so.
    #[test]
    fn due_dates_without_an_official_schedule_are_marked() {
        let cal = Calendar::official();
        let table = [
            (date(2024, 6, 3), "2024-06-03"),
            (date(2026, 12, 24), "2026-12-24"),
            (date(2026, 12, 28), "2026-12-28（暂定）"),
            (date(2027, 1, 13), "2027-01-13（暂定）"),
        ];
        for (due, want) in table {
            assert_eq!(shown(cal, due), want, "{due}");
        }
    }

    /// Urgency by date and stage (weekdays-only calendar so the table is easy to redo).
    #[test]
    fn urgency_table() {
        let cal = Calendar::weekdays_only();
        // Received Mon 2030-03-04 (not counted): working day 1 is Tue 03-05, day 20 Mon 04-01.
        let lc = Lifecycle::register(ApplicantKind::Natural, Channel::InPerson, date(2030, 3, 4));
        let table = [
            (date(2030, 3, 5), Urgency::Normal),
            (date(2030, 3, 22), Urgency::Normal),
            (date(2030, 3, 25), Urgency::DueSoon),
            (date(2030, 4, 1), Urgency::DueSoon),
            (date(2030, 4, 2), Urgency::Overdue),
        ];
        for (today, want) in table {
            assert_eq!(due(&lc, &cal, today), Some((date(2030, 4, 1), want)), "{today}");
        }
        let mut consulting = lc.clone();
        consulting
            .apply(&Event::StartConsultation {
                on: date(2030, 3, 6),
                party: Consulted::ThirdParty,
                whom: String::new(),
            })
            .unwrap();
        let (d, u) = due(&consulting, &cal, date(2030, 3, 8)).unwrap();
        assert_eq!(u, Urgency::Paused);
        assert!(d > date(2030, 4, 1), "an open consultation pushes the deadline: {d}");
        let online = Lifecycle::register(ApplicantKind::Natural, Channel::Online, date(2030, 3, 4));
        assert_eq!(due(&online, &cal, date(2030, 3, 5)), None, "no receipt, no deadline");
    }
}
