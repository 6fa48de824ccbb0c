//! Tests of the calendar: embedded data, imports, and a table of hand-checked deadlines.

use jiff::civil::{Date, date};

use super::*;

fn d(text: &str) -> Date {
    parse_iso_date(text).unwrap_or_else(|| panic!("bad test date {text}"))
}

fn cal() -> &'static Calendar {
    Calendar::official()
}

// ---------------------------------------------------------------------------------------------
// Embedded data

#[test]
fn embedded_data_is_complete_and_valid() {
    // Every year 2008–2026 is present, with the entry counts of data/holidays/README.md
    // (off days, make-up working days).
    let counts: [(i16, usize, usize); 19] = [
        (2008, 29, 6),
        (2009, 27, 6),
        (2010, 29, 8),
        (2011, 29, 5),
        (2012, 27, 7),
        (2013, 29, 12),
        (2014, 22, 5),
        (2015, 26, 5),
        (2016, 24, 6),
        (2017, 24, 5),
        (2018, 23, 6),
        (2019, 24, 7),
        (2020, 30, 7),
        (2021, 31, 7),
        (2022, 31, 7),
        (2023, 27, 7),
        (2024, 28, 8),
        (2025, 28, 5),
        (2026, 33, 6),
    ];
    assert_eq!(cal().years().collect::<Vec<_>>(), (2008..=2026).collect::<Vec<_>>());
    for (year, off, working) in counts {
        let notice = &cal().notices[&year];
        assert_eq!(notice.days.iter().filter(|d| d.off).count(), off, "{year} off days");
        assert_eq!(notice.days.iter().filter(|d| !d.off).count(), working, "{year} make-up days");
        assert!(!notice.papers.is_empty(), "{year} papers");
        assert!(notice.papers.iter().all(|p| p.starts_with("http")), "{year} papers");
    }
    // The supplementary notices of 2015, 2019 and 2020 are in.
    for year in [2015, 2019, 2020] {
        assert_eq!(cal().papers(year).map(<[String]>::len), Some(2), "{year}");
    }
}

#[test]
fn readme_spot_checks_hold() {
    use DayKind::*;
    let holiday = |name: &str| Holiday { name: name.into() };
    let makeup = |name: &str| MakeUpWorkday { name: name.into() };
    // 2024 国庆节: off 10-01…10-07, 09-29 (Sun) and 10-12 (Sat) working.
    for day in 1..=7 {
        assert_eq!(cal().day_kind(date(2024, 10, day)), holiday("国庆节"));
    }
    assert_eq!(cal().day_kind(d("2024-09-29")), makeup("国庆节"));
    assert_eq!(cal().day_kind(d("2024-10-12")), makeup("国庆节"));
    // 2025 春节: off 01-28…02-04, 01-26 (Sun) and 02-08 (Sat) working.
    for day in [28, 29, 30, 31] {
        assert_eq!(cal().day_kind(date(2025, 1, day)), holiday("春节"));
    }
    for day in 1..=4 {
        assert_eq!(cal().day_kind(date(2025, 2, day)), holiday("春节"));
    }
    assert_eq!(cal().day_kind(d("2025-01-26")), makeup("春节"));
    assert_eq!(cal().day_kind(d("2025-02-08")), makeup("春节"));
    // 2026 春节: off 02-15…02-23, 02-14 (Sat) and 02-28 (Sat) working.
    for day in 15..=23 {
        assert_eq!(cal().day_kind(date(2026, 2, day)), holiday("春节"));
    }
    assert_eq!(cal().day_kind(d("2026-02-14")), makeup("春节"));
    assert_eq!(cal().day_kind(d("2026-02-28")), makeup("春节"));
    // Dates of the previous December listed by the next year's notice.
    assert_eq!(cal().day_kind(d("2007-12-29")), makeup("元旦"));
    assert_eq!(cal().day_kind(d("2011-12-31")), makeup("元旦"));
    assert_eq!(cal().day_kind(d("2018-12-31")), holiday("元旦"));
    assert_eq!(cal().day_kind(d("2022-12-31")), holiday("元旦"));
    // A weekend taken together with a holiday is not listed: 2015 端午节, Sunday 06-21.
    assert_eq!(cal().day_kind(d("2015-06-20")), holiday("端午节"));
    assert_eq!(cal().day_kind(d("2015-06-21")), Weekend);
    assert_eq!(cal().day_kind(d("2015-06-22")), holiday("端午节"));
    // 2020-02-03 (Monday) is listed as working: end of the extended Spring Festival.
    assert_eq!(cal().day_kind(d("2020-02-03")), makeup("春节"));
    assert_eq!(cal().day_kind(d("2020-02-01")), holiday("春节"));
    // The 2015 anniversary days off and the Sunday made a working day.
    assert_eq!(cal().day_kind(d("2015-09-03")), holiday("抗日战争暨世界反法西斯战争胜利70周年纪念日"));
    assert_eq!(cal().day_kind(d("2015-09-06")), makeup("抗日战争暨世界反法西斯战争胜利70周年纪念日"));
    // Ordinary days.
    assert_eq!(cal().day_kind(d("2024-10-09")), Working);
    assert_eq!(cal().day_kind(d("2024-10-13")), Weekend);
    assert!(cal().is_working_day(d("2024-10-12")));
    assert!(!cal().is_working_day(d("2024-10-01")));
}

/// Issue 11, point 9: years without a notice keep the holidays fixed by date, under the rules of
/// their time (劳动节 3 days before 2008, 1 day 2008–2024, 2 days from 2025).
#[test]
fn fixed_date_holidays_are_days_off_in_years_without_a_notice() {
    let table: [(&str, bool); 12] = [
        ("2027-01-01", false),
        ("2027-05-03", true),
        ("2028-05-01", false),
        ("2028-05-02", false),
        ("2028-10-03", false),
        ("2028-10-04", true),
        ("2030-02-01", true), // a Friday; 春节 moves with the moon: not inferred
        ("2007-05-03", false),
        ("2007-05-04", true),
        ("2007-10-02", false),
        ("1990-10-01", true), // before the fixed rules: Monday–Friday
        ("2060-10-01", true), // beyond the years inferred (30 after the last notice)
    ];
    for (day, working) in table {
        assert_eq!(cal().is_working_day(d(day)), working, "{day}");
    }
    assert!(Calendar::weekdays_only().is_working_day(d("2027-01-01")), "no notices, nothing inferred");
}

#[test]
fn coverage_says_when_the_schedule_is_assumed() {
    assert_eq!(cal().coverage(d("2024-06-01")), Coverage::Official);
    assert_eq!(cal().coverage(d("2026-12-24")), Coverage::Official);
    assert_eq!(cal().coverage(d("2026-12-25")), Coverage::Provisional { year: 2027 });
    assert_eq!(cal().coverage(d("2027-01-04")), Coverage::Assumed { year: 2027 });
    assert_eq!(cal().coverage(d("2007-12-29")), Coverage::Assumed { year: 2007 });
    // Without data: Monday–Friday less the holidays fixed by date (issue 11, point 9).
    assert!(!cal().is_working_day(d("2027-10-01"))); // a Friday: 国庆节 by date
    assert_eq!(cal().day_kind(d("2027-01-01")), DayKind::Holiday { name: "元旦（推定）".into() });
    assert!(cal().is_working_day(d("2027-10-08")), "the notice's extra days cannot be inferred");
    assert!(!cal().is_working_day(d("2027-10-02")));
    let none = Calendar::weekdays_only();
    assert!(none.is_working_day(d("2024-10-01")));
    assert_eq!(none.coverage(d("2024-10-01")), Coverage::Assumed { year: 2024 });
}

#[test]
fn day_numbers_agree_with_jiff() {
    assert_eq!(day_number(date(1970, 1, 1)), 0);
    let mut day = date(1600, 1, 1);
    let mut n = day_number(day);
    while day < date(2400, 12, 31) {
        assert_eq!(day_number(day), n);
        assert_eq!(date_of(n), Some(day));
        assert_eq!(
            is_weekend(n),
            matches!(day.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday)
        );
        day = day.tomorrow().unwrap();
        n += 1;
    }
    for extreme in [Date::MIN, Date::MAX] {
        assert_eq!(date_of(day_number(extreme)), Some(extreme));
    }
    assert_eq!(date_of(day_number(Date::MAX) + 1), None);
}

#[test]
fn parse_iso_date_is_strict() {
    assert_eq!(parse_iso_date("2024-02-29"), Some(date(2024, 2, 29)));
    for bad in ["2023-02-29", "2024-2-29", "2024/02/29", "20240229", "2024-13-01", " 2024-01-01", "２０２４-01-01", ""]
    {
        assert_eq!(parse_iso_date(bad), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Importing a year at run time

const Y2027: &str = r#"{"year": 2027, "papers": ["https://www.gov.cn/example"], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "国庆节", "date": "2027-10-01", "isOffDay": true},
    {"name": "国庆节", "date": "2027-10-09", "isOffDay": false}
]}"#;

#[test]
fn a_year_can_be_imported_at_run_time() {
    let c = cal().with_year_json(Y2027).unwrap();
    assert!(c.has_year(2027));
    assert_eq!(c.coverage(d("2027-01-04")), Coverage::Official);
    assert_eq!(c.coverage(d("2026-12-28")), Coverage::Official);
    assert!(!c.is_working_day(d("2027-10-01")));
    assert_eq!(c.day_kind(d("2027-10-09")), DayKind::MakeUpWorkday { name: "国庆节".into() });
    // The embedded calendar is untouched: 2027 has only the fixed-date holidays there.
    assert!(!cal().has_year(2027));
    assert_eq!(cal().day_kind(d("2027-01-01")), DayKind::Holiday { name: "元旦（推定）".into() });
    assert_eq!(c.day_kind(d("2027-01-01")), DayKind::Holiday { name: "元旦".into() }, "the notice replaces it");
    // Deadlines across New Year 2027 now use the imported day off: from 2026-12-31 (Thu),
    // 2027-01-01 is off, 01-02/03 weekend, so working day 1 is Monday 2027-01-04.
    let mut req = DeadlineRequest::new(d("2026-12-31"));
    req.days = 1;
    assert_eq!(req.compute(&c).unwrap().due, d("2027-01-04"));
    assert!(req.compute(&c).unwrap().warnings.is_empty());
    // Without it: 元旦 2027-01-01 is inferred as a day off (fixed by date), with a warning.
    let assumed = req.compute(cal()).unwrap();
    assert_eq!(assumed.due, d("2027-01-04"));
    assert_eq!(assumed.warnings, vec![Warning::Assumed { year: 2027 }]);
    // Importing the same year again replaces it.
    let replaced = c
        .with_year_json(&Y2027.replace("\"2027-10-09\", \"isOffDay\": false", "\"2027-10-10\", \"isOffDay\": false"))
        .unwrap();
    assert_eq!(replaced.day_kind(d("2027-10-09")), DayKind::Weekend);
    assert_eq!(replaced.day_kind(d("2027-10-10")), DayKind::MakeUpWorkday { name: "国庆节".into() });
}

#[test]
fn imports_are_validated() {
    let import = |text: &str| cal().with_year_json(text);
    assert!(matches!(import("not json"), Err(Error::Json(_))));
    assert!(matches!(import(r#"{"year": 2027}"#), Err(Error::Json(_))));
    assert_eq!(import(r#"{"year": 20277, "days": []}"#), Err(Error::Year(20277)));
    // Upstream's empty placeholder for a year not yet announced.
    assert_eq!(import(r#"{"year": 2027, "papers": [], "days": []}"#), Err(Error::Empty { year: 2027 }));
    let one =
        |date: &str| format!(r#"{{"year": 2027, "days": [{{"name": "元旦", "date": "{date}", "isOffDay": true}}]}}"#);
    assert_eq!(import(&one("2027-02-30")), Err(Error::Date { year: 2027, text: "2027-02-30".into() }));
    assert_eq!(import(&one("2027/01/01")), Err(Error::Date { year: 2027, text: "2027/01/01".into() }));
    // Wrong year: a date of another year, except the previous December.
    assert_eq!(import(&one("2028-01-01")), Err(Error::WrongYear { year: 2027, date: d("2028-01-01") }));
    assert_eq!(import(&one("2026-11-30")), Err(Error::WrongYear { year: 2027, date: d("2026-11-30") }));
    assert!(import(&one("2026-12-31")).is_ok());
    // A date listed by another year's notice (2018-12-31 is in 2019.json).
    let clash = r#"{"year": 2018, "days": [{"name": "元旦", "date": "2018-12-31", "isOffDay": true}]}"#;
    assert_eq!(import(clash), Err(Error::Duplicate { date: d("2018-12-31"), years: (2018, 2019) }));
    // The same date twice in one file.
    let twice = r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-01", "isOffDay": false}]}"#;
    assert_eq!(import(twice), Err(Error::Duplicate { date: d("2027-01-01"), years: (2027, 2027) }));
    let unnamed = r#"{"year": 2027, "days": [{"name": " ", "date": "2027-01-01", "isOffDay": true}]}"#;
    assert_eq!(import(unnamed), Err(Error::EmptyName { year: 2027, date: d("2027-01-01") }));
    // Messages are in Chinese.
    assert_eq!(
        import(&one("2028-01-01")).unwrap_err().to_string(),
        "日期 2028-01-01 不属于2027年的节假日安排（只能是2027年内或上一年12月的日期）"
    );
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/// One row of the deadline table.
struct Case {
    received: &'static str,
    days: u32,
    corrected: Option<&'static str>,
    pauses: &'static [(&'static str, &'static str)],
    extend: bool,
    /// Expected original deadline (without the extension) and final deadline.
    original: &'static str,
    due: &'static str,
    /// Why the expected dates are right, checked by hand against data/holidays/*.json.
    why: &'static str,
}

const fn case(received: &'static str, days: u32, due: &'static str, why: &'static str) -> Case {
    Case { received, days, corrected: None, pauses: &[], extend: false, original: due, due, why }
}

const CASES: &[Case] = &[
    // --- Vectors of regulation.md §5 and data/holidays/README.md ---
    case(
        "2024-09-27",
        20,
        "2024-10-30",
        "Fri. 09-28 Sat off; 09-29 Sun 国庆节调休 = #1; 09-30 #2; 10-01…07 国庆节; 10-08…11 #3–6; \
         10-12 Sat 调休 #7; 10-14…18 #8–12; 10-21…25 #13–17; 10-28 #18, 10-29 #19, 10-30 Wed #20",
    ),
    Case {
        extend: true,
        due: "2024-11-27",
        ..case(
            "2024-09-27",
            20,
            "2024-10-30",
            "original as above; extension from 10-31: 10-31 #21, 11-01 #22, \
            11-04…08 #23–27, 11-11…15 #28–32, 11-18…22 #33–37, 11-25 #38, 11-26 #39, 11-27 Wed #40 (no holidays)",
        )
    },
    case(
        "2025-01-20",
        20,
        "2025-02-21",
        "Mon. 01-21…24 #1–4; 01-26 Sun 春节调休 #5; 01-27 #6; 01-28…02-04 春节; 02-05…07 #7–9; \
         02-08 Sat 调休 #10; 02-10…14 #11–15; 02-17…21 #16–20",
    ),
    Case {
        extend: true,
        due: "2025-03-21",
        ..case(
            "2025-01-20",
            20,
            "2025-02-21",
            "then 02-24…28 #21–25, 03-03…07 #26–30, 03-10…14 #31–35, \
            03-17…21 #36–40; no holidays in Feb–Mar after 春节",
        )
    },
    case(
        "2026-02-10",
        20,
        "2026-03-16",
        "Tue. 02-11…13 #1–3; 02-14 Sat 春节调休 #4; 02-15…23 春节 (9 days); 02-24…27 #5–8; \
         02-28 Sat 调休 #9; 03-02…06 #10–14; 03-09…13 #15–19; 03-16 Mon #20",
    ),
    case(
        "2025-09-26",
        7,
        "2025-10-13",
        "补正 notice (第三十条, 7 days). Fri. 09-28 Sun 国庆节调休 #1; 09-29 #2, 09-30 #3; 10-01…08 国庆节、中秋节; \
         10-09 #4, 10-10 #5; 10-11 Sat 调休 #6; 10-13 Mon #7",
    ),
    case("2025-09-26", 20, "2025-10-30", "as above to 10-13 #7; 10-14…17 #8–11; 10-20…24 #12–16; 10-27…30 #17–20"),
    case(
        "2023-04-25",
        15,
        "2023-05-18",
        "third party, 15 days (第三十二条). Tue. 04-26…28 #1–3; 04-29…05-03 劳动节; 05-04 #4, 05-05 #5; \
         05-06 Sat 劳动节调休 #6; 05-08…12 #7–11; 05-15…18 #12–15",
    ),
    case(
        "2019-05-15",
        20,
        "2019-06-13",
        "first day of the 2019 Regulation. Wed. 05-16…17 #1–2; 05-20…24 #3–7; 05-27…31 #8–12; 06-03…06 #13–16; \
         06-07 端午节; 06-10…13 #17–20",
    ),
    case(
        "2020-01-20",
        20,
        "2020-02-25",
        "Mon. 01-21…23 #1–3; 01-24…02-02 春节 as extended by the 2020-01-27 notice (02-01 Sat no longer a make-up \
         day); 02-03 Mon listed working #4; 02-04…07 #5–8; 02-10…14 #9–13; 02-17…21 #14–18; 02-24 #19, 02-25 #20",
    ),
    case(
        "2024-12-31",
        20,
        "2025-02-05",
        "Tue, across the year end. 2025-01-01 元旦; 01-02…03 #1–2; 01-06…10 #3–7; 01-13…17 #8–12; \
         01-20…24 #13–17; 01-26 Sun 春节调休 #18; 01-27 #19; 01-28…02-04 春节; 02-05 Wed #20",
    ),
    case(
        "2012-09-28",
        15,
        "2012-10-25",
        "2008 regime. Fri. 09-29 Sat 中秋节、国庆节调休 #1; 09-30…10-07 off; 10-08…12 #2–6; 10-15…19 #7–11; \
         10-22…25 #12–15",
    ),
    case(
        "2012-09-28",
        30,
        "2012-11-15",
        "2008 regime 15 + 15 as 30: 10-26 #16; 10-29…11-02 #17–21; 11-05…09 #22–26; 11-12…15 #27–30",
    ),
    // --- 调休 Saturdays/Sundays and odd days ---
    case("2024-10-11", 1, "2024-10-12", "Fri; Sat 10-12 is 国庆节调休上班 so it is working day #1"),
    case("2024-09-30", 1, "2024-10-08", "received the day before 国庆节: 10-01…07 off, Tue 10-08 #1"),
    case(
        "2024-10-01",
        1,
        "2024-10-08",
        "received on a holiday (e.g. online, confirmed that day): 10-02…07 off, 10-08 #1",
    ),
    case(
        "2015-09-02",
        1,
        "2015-09-06",
        "09-03…05 off for the 70th anniversary (2015 supplementary notice); Sun 09-06 working #1",
    ),
    case("2020-01-23", 1, "2020-02-03", "extended 春节 01-24…02-02 all off; Mon 02-03 (listed working) #1"),
    case("2024-02-27", 2, "2024-02-29", "leap day: Wed 02-28 #1, Thu 02-29 #2"),
    // --- Year boundaries, with dates listed in the next year's file ---
    case("2018-12-28", 1, "2018-12-29", "Sat 2018-12-29 is 元旦调休上班, listed in 2019.json"),
    case("2018-12-28", 2, "2019-01-02", "12-29 #1; 12-30 Sun, 12-31 Mon, 01-01 元旦 off (2019.json); 01-02 #2"),
    case("2011-12-30", 1, "2011-12-31", "Sat 2011-12-31 元旦调休, listed in 2012.json"),
    case("2022-12-30", 1, "2023-01-03", "12-31 Sat, 01-01, 01-02 元旦 off (12-31 listed in 2023.json); Tue 01-03 #1"),
    case(
        "2013-12-31",
        20,
        "2014-01-28",
        "Tue. 2014-01-01 元旦; 01-02…03 #1–2; 01-06…10 #3–7; 01-13…17 #8–12; 01-20…24 #13–17; \
         Sun 01-26 春节调休 #18; 01-27 #19, Tue 01-28 #20 (春节 01-31…02-06 is later)",
    ),
    // --- Pauses (征求意见, 第三十三条第三款) ---
    Case {
        pauses: &[("2024-10-08", "2024-10-14")],
        original: "2024-11-07",
        due: "2024-11-07",
        ..case(
            "2024-09-27",
            20,
            "",
            "pause 10-08…14 holds 6 working days (10-08…11, Sat 10-12 调休, 10-14), \
            so the 20th day moves 6 working days past 10-30: 10-31, 11-01, 11-04…07",
        )
    },
    Case {
        pauses: &[("2024-10-08", "2024-10-10"), ("2024-10-09", "2024-10-14")],
        original: "2024-11-07",
        due: "2024-11-07",
        ..case("2024-09-27", 20, "", "overlapping pauses cover the same days as the single pause above")
    },
    Case {
        pauses: &[("2025-01-27", "2025-02-07")],
        original: "2025-02-27",
        due: "2025-02-27",
        ..case(
            "2025-01-20",
            20,
            "",
            "pause across 春节: only 01-27, 02-05, 02-06, 02-07 were working days \
            (the holiday is not counted twice), so 4 days past 02-21: 02-24…27",
        )
    },
    Case {
        pauses: &[("2024-11-01", "2024-11-05")],
        extend: true,
        original: "2024-10-30",
        due: "2024-12-02",
        ..case(
            "2024-09-27",
            20,
            "",
            "pause inside the extension (after the original 10-30) also excluded: \
            11-01, 11-04, 11-05 = 3 working days past 11-27: 11-28, 11-29, 12-02",
        )
    },
    Case {
        pauses: &[("2020-01-20", "2020-02-03")],
        extend: true,
        original: "2020-01-19",
        due: "2020-03-02",
        ..case(
            "2019-12-20",
            20,
            "",
            "original: 12-23…27 #1–5, 12-30…31 #6–7, 01-01 元旦, 01-02…03 #8–9, \
            01-06…10 #10–14, 01-13…17 #15–19, Sun 01-19 春节调休 #20. Extension: pause 01-20…02-03, \
            then 02-04…07 #21–24, 02-10…14, 02-17…21, 02-24…28 #25–39, Mon 03-02 #40",
        )
    },
    Case {
        pauses: &[("2024-11-01", "2024-11-05")],
        ..case("2024-09-27", 20, "2024-10-30", "pause after the deadline changes nothing (and warns)")
    },
    // --- 补正 (第三十条): the count restarts ---
    Case {
        corrected: Some("2025-10-09"),
        pauses: &[("2025-09-28", "2025-09-30")],
        ..case(
            "2025-09-26",
            20,
            "2025-11-05",
            "restart at Thu 10-09: 10-10 #1; Sat 10-11 调休 #2; 10-13…17 #3–7; \
            10-20…24 #8–12; 10-27…31 #13–17; 11-03…05 #18–20. The pause before 10-09 has no effect (warns)",
        )
    },
    Case {
        corrected: Some("2025-01-20"),
        extend: true,
        due: "2025-03-21",
        ..case("2025-01-10", 20, "2025-02-21", "restart at 01-20 gives the 2025-01-20 rows above")
    },
    Case {
        corrected: Some("2025-09-26"),
        ..case("2025-09-26", 20, "2025-10-30", "corrected the same day: same as no 补正")
    },
];

fn request(c: &Case) -> DeadlineRequest {
    DeadlineRequest {
        received: d(c.received),
        days: c.days,
        corrected: c.corrected.map(d),
        pauses: c.pauses.iter().map(|&(a, b)| (d(a), d(b))).collect(),
        extend: c.extend,
    }
}

#[test]
fn deadline_table() {
    for c in CASES {
        let req = request(c);
        let got = req.compute(cal()).unwrap_or_else(|e| panic!("{} {}: {e}", c.received, c.why));
        assert_eq!(got.due.to_string(), c.due, "due: {} + {} ({})", c.received, c.days, c.why);
        assert_eq!(got.original_due.to_string(), c.original, "original: {} + {} ({})", c.received, c.days, c.why);
        // The explanation agrees with the fast path and can be checked day by day.
        let explained = req.explain(cal()).unwrap();
        assert_eq!(Deadline { explanation: Vec::new(), ..explained.clone() }, got);
        check_explanation(&explained, &req);
    }
}

/// The explanation lists every day after the start up to the deadline, numbers exactly the
/// working days outside pauses, 1, 2, 3, …, and ends on the last one.
fn check_explanation(deadline: &Deadline, req: &DeadlineRequest) {
    let ex = &deadline.explanation;
    assert_eq!(ex.first().map(|e| e.date), Some(deadline.start.tomorrow().unwrap()));
    assert_eq!(ex.last().map(|e| e.date), Some(deadline.due));
    let mut expected_ordinal = 0;
    for (i, e) in ex.iter().enumerate() {
        if i > 0 {
            assert_eq!(ex[i - 1].date.tomorrow().unwrap(), e.date);
        }
        assert_eq!(e.kind, cal().day_kind(e.date));
        assert_eq!(e.paused, req.pauses.iter().any(|&(a, b)| a <= e.date && e.date <= b));
        if e.kind.is_working() && !e.paused {
            expected_ordinal += 1;
            assert_eq!(e.ordinal, Some(expected_ordinal), "{}", e.date);
        } else {
            assert_eq!(e.ordinal, None, "{}", e.date);
        }
    }
    assert_eq!(expected_ordinal, deadline.days + deadline.extension);
    let original = ex.iter().find(|e| e.ordinal == Some(deadline.days)).map(|e| e.date);
    assert_eq!(original, Some(deadline.original_due));
    let paused_working = ex.iter().filter(|e| e.paused && e.kind.is_working()).count() as u32;
    assert_eq!(paused_working, deadline.paused_working_days);
}

#[test]
fn explanation_names_the_reasons() {
    let mut req = DeadlineRequest::new(d("2024-09-27"));
    req.pauses = vec![(d("2024-10-12"), d("2024-10-13"))];
    let ex = req.explain(cal()).unwrap().explanation;
    let day = |s: &str| ex.iter().find(|e| e.date == d(s)).unwrap();
    assert_eq!(day("2024-09-28").kind, DayKind::Weekend);
    assert_eq!(day("2024-09-29").kind.to_string(), "国庆节调休上班");
    assert_eq!(day("2024-09-29").ordinal, Some(1));
    assert_eq!(day("2024-10-01").kind.to_string(), "国庆节放假");
    // A paused 调休 Saturday does not count; a paused Sunday keeps its own reason too.
    assert_eq!((day("2024-10-12").paused, day("2024-10-12").ordinal), (true, None));
    assert_eq!((day("2024-10-13").paused, &day("2024-10-13").kind), (true, &DayKind::Weekend));
}

#[test]
fn warnings() {
    let w = |req: &DeadlineRequest| req.compute(cal()).unwrap().warnings;
    // A deadline inside the data: none.
    assert_eq!(w(&DeadlineRequest::new(d("2024-09-27"))), vec![]);
    // Into 2027 (no notice yet): Monday–Friday less 元旦 assumed. 2026-12-15 (Tue) + 20 =
    // 2027-01-13 (12-16…18, 12-21…25, 12-28…31, 01-04…08, 01-11…13).
    let into_2027 = DeadlineRequest::new(d("2026-12-15")).compute(cal()).unwrap();
    assert_eq!(into_2027.due, d("2027-01-13"));
    assert_eq!(into_2027.warnings, vec![Warning::Assumed { year: 2027 }]);
    assert!(!into_2027.is_official());
    // Ending in the last week of December 2026: the 2027 notice may still move those days.
    let mut late = DeadlineRequest::new(d("2026-12-20"));
    late.days = 5;
    assert_eq!(late.compute(cal()).unwrap().due, d("2026-12-25"));
    assert_eq!(w(&late), vec![Warning::Provisional { year: 2027 }]);
    // Before the data (and before the 2019 Regulation).
    let mut old = DeadlineRequest::new(d("2007-12-28"));
    old.days = 1;
    assert_eq!(old.compute(cal()).unwrap().due, d("2007-12-29"));
    assert_eq!(w(&old), vec![Warning::Assumed { year: 2007 }, Warning::Before2019 { received: d("2007-12-28") }]);
    // 2008 regime.
    assert_eq!(w(&DeadlineRequest::new(d("2019-05-14"))), vec![Warning::Before2019 { received: d("2019-05-14") }]);
    assert_eq!(w(&DeadlineRequest::new(d("2019-05-15"))), vec![]);
    // Pauses that change nothing.
    let mut req = DeadlineRequest::new(d("2025-09-26"));
    req.corrected = Some(d("2025-10-09"));
    req.pauses = vec![
        (d("2025-09-28"), d("2025-09-30")),
        (d("2025-10-09"), d("2025-10-09")),
        (d("2025-10-10"), d("2025-10-10")),
    ];
    assert_eq!(
        w(&req),
        vec![
            Warning::PauseOutside { from: d("2025-09-28"), to: d("2025-09-30") },
            Warning::PauseOutside { from: d("2025-10-09"), to: d("2025-10-09") },
        ]
    );
    assert!(Warning::Assumed { year: 2027 }.to_string().contains("没有2027年的节假日安排数据"));
}

#[test]
fn bad_requests_are_errors() {
    let mut req = DeadlineRequest::new(d("2024-09-27"));
    for days in [0, 366] {
        req.days = days;
        assert_eq!(req.compute(cal()), Err(DeadlineError::Days(days)));
    }
    req.days = 365;
    assert!(req.compute(cal()).is_ok());
    req.days = 20;
    req.corrected = Some(d("2024-09-26"));
    assert_eq!(
        req.compute(cal()),
        Err(DeadlineError::CorrectedBeforeReceived { received: d("2024-09-27"), corrected: d("2024-09-26") })
    );
    req.corrected = None;
    req.pauses = vec![(d("2024-10-10"), d("2024-10-09"))];
    let err = req.compute(cal()).unwrap_err();
    assert_eq!(err, DeadlineError::PauseReversed { from: d("2024-10-10"), to: d("2024-10-09") });
    assert_eq!(err.to_string(), "征求意见期间的结束日期（2024-10-09）早于开始日期（2024-10-10）");
    // Near the end of jiff's range.
    assert_eq!(DeadlineRequest::new(d("9999-12-20")).compute(cal()), Err(DeadlineError::OutOfRange));
    let mut long = DeadlineRequest::new(d("9999-11-01"));
    long.pauses = vec![(d("9999-11-02"), Date::MAX)];
    assert_eq!(long.compute(cal()), Err(DeadlineError::OutOfRange));
}
