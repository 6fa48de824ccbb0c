//! `gongkai deadline` as a user runs it: the due date alone on the first line, the explanation,
//! Chinese errors and exit codes.

use std::process::{Command, Output};

fn deadline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai")).arg("deadline").args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn first_line(out: &Output) -> String {
    stdout(out).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn the_first_line_is_the_due_date() {
    // (arguments, due date): vectors of regulation.md §5 and the flags.
    let table: &[(&[&str], &str)] = &[
        (&["2024-09-27"], "2024-10-30"),
        (&["2024-09-27", "--extend"], "2024-11-27"),
        (&["2025-01-20", "--days", "20"], "2025-02-21"),
        (&["2025-09-26", "--days", "7"], "2025-10-13"),
        (&["2023-04-25", "--days", "15"], "2023-05-18"),
        (&["2020-01-20"], "2020-02-25"),
        (&["2024-12-31"], "2025-02-05"),
        // 6 working days paused (10-08…11, Sat 10-12 调休, 10-14).
        (&["2024-09-27", "--pause", "2024-10-08..2024-10-14"], "2024-11-07"),
        // Restart at 2025-10-09 (第三十条).
        (&["2025-09-26", "--corrected", "2025-10-09"], "2025-11-05"),
        (&["2025-01-10", "--corrected", "2025-01-20", "--extend"], "2025-03-21"),
        (
            &["2024-09-27", "--extend", "--pause", "2024-11-01..2024-11-05", "--pause", "2024-11-04..2024-11-04"],
            "2024-12-02",
        ),
    ];
    for (args, due) in table {
        let out = deadline(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(first_line(&out), *due, "{args:?}");
    }
}

#[test]
fn the_explanation_lists_every_day() {
    let out = deadline(&["2024-09-27"]);
    let text = stdout(&out);
    assert!(text.contains("收到申请之日：2024-09-27 星期五（当日不计入）"), "{text}");
    assert!(text.contains("  2024-09-28 星期六  不计入：周末\n"), "{text}");
    assert!(text.contains("  2024-09-29 星期日  第1个工作日（国庆节调休上班）\n"), "{text}");
    assert!(text.contains("  2024-10-01 星期二  不计入：国庆节放假\n"), "{text}");
    assert!(text.contains("  2024-10-30 星期三  第20个工作日，期限届满\n"), "{text}");
    assert!(text.contains("合计：列出33天，计入20个工作日；未计入：周末6天，节假日7天"), "{text}");
    assert!(!text.contains("警告"), "{text}");

    let text = stdout(&deadline(&["2024-09-27", "--extend", "--pause", "2024-11-01..2024-11-05"]));
    assert!(text.contains("原期限届满之日：2024-10-30 星期三"), "{text}");
    assert!(text.contains("  2024-10-30 星期三  第20个工作日，原期限届满\n"), "{text}");
    assert!(text.contains("  2024-10-31 星期四  第21个工作日（延长期第1个工作日）\n"), "{text}");
    assert!(text.contains("  2024-11-01 星期五  不计入：征求意见\n"), "{text}");
    assert!(text.contains("  2024-11-02 星期六  不计入：周末；征求意见\n"), "{text}");
    assert!(text.contains("因征求意见未计入的工作日：3天"), "{text}");
}

#[test]
fn warnings_follow_the_due_date() {
    let out = deadline(&["2026-12-15"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "2027-01-13", "元旦 by date is a day off");
    assert!(lines[1].starts_with("警告：没有2027年的节假日安排数据"), "{text}");
}

#[test]
fn bad_input_is_a_chinese_error_with_exit_code_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["2024-13-01"], "收到申请之日“2024-13-01”不是有效日期"),
        (&["2024/09/27"], "不是有效日期"),
        (&["2024-09-27", "--corrected", "2024-09-26"], "早于收到申请之日"),
        (&["2024-09-27", "--corrected", "soon"], "收到补正后申请之日“soon”不是有效日期"),
        (&["2024-09-27", "--pause", "2024-10-10"], "格式不对"),
        (&["2024-09-27", "--pause", "2024-10-10..2024-10-09"], "结束日期（2024-10-09）早于开始日期（2024-10-10）"),
        (&["2024-09-27", "--days", "0"], "期限天数应为1至365个工作日"),
        (&["2024-09-27", "--days", "366"], "期限天数应为1至365个工作日"),
        (&["2024-09-27", "--days", "abc"], "期限天数应为1至365之间的整数"),
        (&["9999-12-20"], "超出可以计算的日期范围"),
    ];
    for (args, message) in cases {
        let out = deadline(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
