//! Casework end to end through the `gongkai` binary: load the demo, compile last year's report,
//! audit it (no errors), run an application by hand, import a CSV file.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use gongkai_core::keys::{T3Col, T3Row, t3};

use common::temp_dir;

fn gongkai(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("GONGKAI_ACTOR", "测试员")
        .env_remove("GONGKAI_DATABASE_URL")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn last_year() -> i16 {
    jiff::Zoned::now().date().year() - 1
}

#[test]
fn demo_compiles_to_a_report_the_auditor_accepts() {
    let tmp = temp_dir("gongkai-casework-demo");
    let data = tmp.path();
    let loaded = ok(&gongkai(data, &["demo"]));
    assert!(loaded.contains("示例市人民政府办公室"), "{loaded}");
    assert!(data.join("gongkai.sqlite3").exists());
    // A second load changes nothing and says so.
    let again = gongkai(data, &["demo"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经加载过"));

    let year = last_year().to_string();
    let json = ok(&gongkai(data, &["report", "compile", "--agency", "demo", "--year", &year, "--json"]));
    let report: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON object");
    assert_eq!(report["schema"], "gongkai-report/1");
    assert_eq!(report["agency"], "示例市人民政府办公室");
    assert_eq!(report["year"], last_year());
    assert_eq!(report["format"], "national_2021");
    let values = report["values"].as_object().unwrap();
    let get = |k: &str| values.get(k).and_then(|v| v.as_i64()).unwrap_or_else(|| panic!("{k} missing"));

    // The balance rules (勾稽关系), checked here as well as by the auditor.
    let outcome_rows: Vec<T3Row> = T3Row::NATIONAL_2021
        .into_iter()
        .filter(|r| !matches!(r, T3Row::New | T3Row::CarriedIn | T3Row::Total | T3Row::CarriedOut))
        .collect();
    for col in T3Col::ALL {
        let k = |row| t3(row, col);
        assert_eq!(
            get(&k(T3Row::New)) + get(&k(T3Row::CarriedIn)),
            get(&k(T3Row::Total)) + get(&k(T3Row::CarriedOut)),
            "{col:?}"
        );
        assert_eq!(outcome_rows.iter().map(|&r| get(&k(r))).sum::<i64>(), get(&k(T3Row::Total)), "{col:?}");
    }
    for row in T3Row::NATIONAL_2021 {
        let parts: i64 = T3Col::APPLICANTS.iter().map(|&c| get(&t3(row, c))).sum();
        assert_eq!(parts, get(&t3(row, T3Col::Total)), "{row:?}");
    }
    // A realistic year: every outcome occurs, carry-overs both ways, remedies and fees.
    for &row in &outcome_rows {
        assert!(get(&t3(row, T3Col::Total)) > 0, "{row:?} never occurs in the demo");
    }
    assert!(get("t3.new.total") >= 100, "a few hundred applications");
    assert!(get("t3.carried_in.total") > 0 && get("t3.carried_out.total") > 0);
    assert!(get("t4.review.total") > 0);
    assert!(get("fee.cases") > 0 && get("fee.amount_yuan") > 0);
    assert!(values.contains_key("t2.rules.in_force"));

    let file = data.join("report.json");
    std::fs::write(&file, &json).unwrap();
    let audited = ok(&gongkai(data, &["audit", "--json", file.to_str().unwrap()]));
    let audited: serde_json::Value = serde_json::from_str(audited.lines().next().unwrap()).unwrap();
    let errors: Vec<&serde_json::Value> =
        audited["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.is_empty(), "the compiled report has error findings: {errors:#?}");

    // The summary in Chinese.
    let summary = ok(&gongkai(data, &["report", "compile", "--agency", "demo", "--year", &year]));
    assert!(summary.contains("本年新收申请") && summary.contains("收取信息处理费"), "{summary}");
}

#[test]
fn an_application_from_registration_to_answer() {
    let tmp = temp_dir("gongkai-casework-case");
    let data = tmp.path();
    ok(&gongkai(data, &["demo", "--per-year", "20"]));
    let out = ok(&gongkai(
        data,
        &[
            "case",
            "new",
            "--agency",
            "demo",
            "--name",
            "李小龙",
            "--email",
            "test@example.cn",
            "--id-number",
            "11010519491231002X",
            "--phone",
            "13912345678",
            "--address",
            "示例市东城区人民路8号",
            "--on",
            "2025-03-03",
            "--item",
            "某道路工程的环评文件",
        ],
    ));
    let id = out.trim_start_matches("已登记申请 ").split('，').next().unwrap().to_string();
    assert!(id.parse::<i64>().is_ok(), "{out}");
    assert!(out.contains("查询码 2025-"), "{out}");

    let list = ok(&gongkai(data, &["case", "list", "--agency", "demo", "--limit", "5"]));
    assert!(list.contains("110***********002X") && list.contains("139****5678"), "{list}");
    assert!(!list.contains("11010519491231002X"), "{list}");

    let answered =
        ok(&gongkai(data, &["case", "event", &id, "--version", "1", "--on", "2025-03-20", "--answer", "granted"]));
    assert!(answered.contains("第2版"), "{answered}");
    // A colleague still looking at version 1.
    let stale = gongkai(data, &["case", "event", &id, "--version", "1", "--on", "2025-03-21", "--answer", "partial"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("已被他人更新"));
    let illegal = gongkai(data, &["case", "event", &id, "--on", "2025-03-22", "--withdraw"]);
    assert_eq!(illegal.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&illegal.stderr).contains("已办结"));

    let shown = ok(&gongkai(data, &["case", "show", &id]));
    assert!(shown.contains("11010519491231002X") && shown.contains("予以公开"), "{shown}");
    let bad = gongkai(data, &["case", "event", &id, "--answer", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn csv_import_is_all_or_nothing_unless_partial() {
    let tmp = temp_dir("gongkai-casework-import");
    let data = tmp.path();
    ok(&gongkai(data, &["demo", "--per-year", "10"]));
    let csv = data.join("apps.csv");
    std::fs::write(
        &csv,
        "applicant_kind,name,id_number,phone,address,channel,delivery,registered_on,received_on,items,concluded_on,outcome\n\
         natural,王小明,11010519491231002X,13800000001,示例市滨江区长江路1号,online,电子邮件,2025-04-01,2025-04-02,某文件；另一文件,2025-04-20,granted\n\
         商业企业,示例市某公司,91310104ABCDEFGHIJ,,示例市高新区,当面,邮寄纸质文本,2025-05-06,,某项目审批,,\n\
         natural,赵六,110105194912310021,13800000003,示例市,in_person,电子邮件,2025-13-01,,某文件,,\n\
         natural,钱七,E1234567,13800000004,示例市,in_person,电子邮件,2025-06-02,,某文件,2025-06-10,other.no_fee\n",
    )
    .unwrap();
    let refused = gongkai(data, &["import", "applications", "--agency", "demo", csv.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("第4行") && err.contains("第5行") && err.contains("未导入任何数据"), "{err}");
    assert!(!err.contains("第2行") && !err.contains("第3行"), "{err}");

    let partial = gongkai(data, &["import", "applications", "--agency", "demo", "--partial", csv.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&partial.stdout).contains("已导入 2 件申请"), "{partial:?}");
    let list = ok(&gongkai(data, &["case", "list", "--agency", "demo", "--limit", "2"]));
    assert!(list.contains("示例市某公司".chars().next().unwrap()), "{list}");
}

/// The same on PostgreSQL (`--database-url`), when `GONGKAI_TEST_POSTGRES_URL` is set (required in CI).
#[test]
fn demo_and_report_on_postgres() {
    let url = match std::env::var("GONGKAI_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => url,
        _ if std::env::var_os("CI").is_some() => {
            panic!("GONGKAI_TEST_POSTGRES_URL is not set (use scripts/with-postgres)")
        }
        _ => {
            eprintln!("note: GONGKAI_TEST_POSTGRES_URL is not set; PostgreSQL CLI test skipped");
            return;
        }
    };
    let tmp = temp_dir("gongkai-casework-pg");
    let data = tmp.path();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .arg("--database-url")
            .arg(&url)
            .args(args)
            .env("GONGKAI_ACTOR", "测试员")
            .current_dir(data)
            .output()
            .unwrap()
    };
    ok(&run(&["demo", "--per-year", "40"]));
    let year = last_year().to_string();
    let json = ok(&run(&["report", "compile", "--agency", "demo", "--year", &year, "--json"]));
    let report: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    let v = |k: &str| report["values"][k].as_i64().unwrap_or_else(|| panic!("{k}"));
    assert!(v("t3.new.total") > 0);
    assert_eq!(v("t3.new.total") + v("t3.carried_in.total"), v("t3.total.total") + v("t3.carried_out.total"));
    assert!(!data.join("gongkai-data").exists(), "no SQLite file when a database URL is given");
}

fn fails(out: &Output, code: u8) -> String {
    assert_eq!(
        out.status.code(),
        Some(i32::from(code)),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Error findings of `gongkai audit --json` over `file`.
fn audit_errors(data: &Path, file: &Path) -> Vec<serde_json::Value> {
    let out = ok(&gongkai(data, &["audit", "--json", file.to_str().unwrap()]));
    let report: serde_json::Value = serde_json::from_str(out.lines().next().expect("one report")).unwrap();
    report["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").cloned().collect()
}

/// The first number after `label` in `text` (the id a command printed).
fn number_after(text: &str, label: &str) -> String {
    let rest = &text[text.find(label).unwrap_or_else(|| panic!("“{label}” in {text}")) + label.len()..];
    rest.trim_start().chars().take_while(char::is_ascii_digit).collect()
}

#[test]
fn report_compile_writes_the_six_sections_in_four_formats_that_pass_the_audit() {
    let tmp = temp_dir("gongkai-casework-render");
    let data = tmp.path();
    ok(&gongkai(data, &["demo", "--per-year", "40"]));
    let year = last_year().to_string();

    // Table 二: a TOML file with dotted keys; an unknown key is refused and nothing is stored.
    let bad = data.join("bad.toml");
    std::fs::write(&bad, "t2.rules.issued = 1\nt2.rules.made_up = 2\n").unwrap();
    let err = fails(
        &gongkai(data, &["report", "compile", "--agency", "demo", "--year", &year, "--table2", bad.to_str().unwrap()]),
        2,
    );
    assert!(err.contains("“t2.rules.made_up”不是") && err.contains("可用的数据项"), "{err}");
    let table2 = data.join("table2.toml");
    // Rules come from the demo's published items; the file's rule figures are not typed over them.
    std::fs::write(&table2, "[t2.rules]\nissued = 7000\n[t2.licensing]\ndecisions = 77\n").unwrap();

    // The narrative: the draft printed as TOML, edited, passed back.
    let draft = ok(&gongkai(data, &["report", "narrative", "--agency", "demo", "--year", &year]));
    assert!(draft.contains("overview = '''") && draft.contains("【草稿·待编辑】"), "{draft}");
    let edited = draft
        .replace("【草稿·待编辑】请概述本年度主动公开政府信息的情况。", "本年度通过门户网站主动公开政府信息。")
        .replace(
            "【草稿·待编辑】请写明本年度政府信息公开工作存在的主要问题及改进情况。",
            "个别答复说理不够充分，已组织培训。",
        );
    let narrative = data.join("narrative.toml");
    std::fs::write(&narrative, edited).unwrap();

    let out_dir = data.join("out");
    let printed = ok(&gongkai(
        data,
        &[
            "report",
            "compile",
            "--agency",
            "demo",
            "--year",
            &year,
            "--table2",
            table2.to_str().unwrap(),
            "--narrative",
            narrative.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
    ));
    let stem = format!("demo-{year}");
    for ext in ["json", "html", "docx", "xlsx"] {
        let path = out_dir.join(format!("{stem}.{ext}"));
        assert!(printed.contains(path.to_str().unwrap()), "{printed}");
        assert!(std::fs::metadata(&path).unwrap().len() > 1000, "{ext} is written");
    }
    let html = std::fs::read_to_string(out_dir.join(format!("{stem}.html"))).unwrap();
    for heading in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    assert!(html.contains("本年度通过门户网站主动公开政府信息。") && html.contains("个别答复说理不够充分"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join(format!("{stem}.json"))).unwrap()).unwrap();
    assert_eq!(json["values"]["t2.licensing.decisions"], 77, "entered");
    let in_force = json["values"]["t2.rules.in_force"].as_i64().expect("counted from the items");
    let issued = json["values"]["t2.rules.issued"].as_i64().expect("counted from the items");
    assert!(in_force > 0 && issued != 7000, "derived, not typed over");

    // What people read passes the auditor: the JSON, and the HTML and DOCX read back.
    for ext in ["json", "html", "docx"] {
        let errors = audit_errors(data, &out_dir.join(format!("{stem}.{ext}")));
        assert!(errors.is_empty(), "{ext}: {errors:#?}");
    }

    // The table 二 input was stored: a later compile (default folder in --data) reuses it.
    let again = ok(&gongkai(data, &["report", "compile", "--agency", "demo", "--year", &year]));
    let default = data.join("reports").join(format!("{stem}.json"));
    assert!(again.contains(default.to_str().unwrap()), "{again}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(default).unwrap()).unwrap();
    // The demo's items depend on the day it is loaded, so the figure is compared with the first
    // compile's, not with a number fixed on the day this test was written.
    assert_eq!(json["values"]["t2.rules.issued"], issued, "still derived from the items");
    assert_eq!(json["values"]["t2.licensing.decisions"], 77, "the stored entry is reused");
    // --json prints the report only.
    let line = ok(&gongkai(data, &["report", "compile", "--agency", "demo", "--year", &year, "--json"]));
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn letters_remedies_and_the_queue_from_the_command_line() {
    let tmp = temp_dir("gongkai-casework-letter");
    let data = tmp.path();
    ok(&gongkai(data, &["demo", "--per-year", "10"]));
    let register = |on: &str| {
        let out = ok(&gongkai(
            data,
            &[
                "case",
                "new",
                "--agency",
                "demo",
                "--name",
                "李小龙",
                "--email",
                "test@example.cn",
                "--id-number",
                "11010519491231002X",
                "--phone",
                "13912345678",
                "--on",
                on,
                "--item",
                "某道路工程的环评文件",
                "--item",
                "该工程的立项批复",
            ],
        ));
        number_after(&out, "已登记申请")
    };
    let id = register("2025-03-03");
    let open = register("2025-03-10");

    // The queue shows the running deadline.
    let queue = ok(&gongkai(data, &["case", "list", "--agency", "demo", "--due", "--limit", "1000"]));
    assert!(queue.contains("2025-03-31前答复"), "{queue}");

    // No letter before the answer.
    let err = fails(&gongkai(data, &["case", "letter", &open]), 1);
    assert!(err.contains("尚未办结"), "{err}");

    ok(&gongkai(data, &["case", "event", &id, "--on", "2025-03-20", "--answer", "denied.third_party"]));
    let html_path = data.join("letter.html");
    let out = ok(&gongkai(
        data,
        &[
            "case",
            "letter",
            &id,
            "--out",
            html_path.to_str().unwrap(),
            "--reasons",
            "经书面征求第三方意见，第三方不同意公开。",
        ],
    ));
    assert!(out.contains("政府信息不予公开告知书"), "{out}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    for part in [
        "李小龙",
        "某道路工程的环评文件",
        "第十五条",
        "经书面征求第三方意见",
        "行政复议",
        "2025年3月20日",
        "示例市人民政府办公室",
    ] {
        assert!(html.contains(part), "{part} in the letter");
    }
    let docx = ok(&gongkai(data, &["case", "letter", &id, "--format", "docx"]));
    let docx_path = docx.rsplit('：').next().unwrap().trim();
    assert!(docx_path.ends_with(".docx") && std::fs::read(docx_path).unwrap().starts_with(b"PK"), "{docx}");

    // A review, then a suit after it; the results; `case show` lists them.
    let year = "2025";
    let before = ok(&gongkai(data, &["report", "compile", "--agency", "demo", "--year", year, "--json"]));
    let before: serde_json::Value = serde_json::from_str(before.trim()).unwrap();
    let err = fails(&gongkai(data, &["case", "remedy", &id, "--kind", "复议后诉讼", "--filed", "2025-04-01"]), 1);
    assert!(err.contains("没有登记行政复议"), "{err}");
    let filed = ok(&gongkai(data, &["case", "remedy", &id, "--kind", "复议", "--filed", "2025-04-01"]));
    let review = number_after(&filed, "记录");
    let done = ok(&gongkai(data, &["case", "remedy-result", &review, "--on", "2025-06-01", "--result", "纠正"]));
    assert!(done.contains("结果纠正"), "{done}");
    let twice = fails(&gongkai(data, &["case", "remedy-result", &review, "--on", "2025-06-02", "--result", "维持"]), 1);
    assert!(twice.contains("已有结果"), "{twice}");
    ok(&gongkai(data, &["case", "remedy", &id, "--kind", "复议后诉讼", "--filed", "2025-06-10"]));
    let bad = fails(&gongkai(data, &["case", "remedy", &id, "--kind", "上访", "--filed", "2025-06-10"]), 2);
    assert!(bad.contains("未知的复议诉讼类型"), "{bad}");
    let shown = ok(&gongkai(data, &["case", "show", &id]));
    assert!(shown.contains("行政复议，2025-04-01提起，2025-06-01审结，结果纠正"), "{shown}");
    assert!(shown.contains("行政诉讼（复议后起诉），2025-06-10提起，尚未审结"), "{shown}");

    let after = ok(&gongkai(data, &["report", "compile", "--agency", "demo", "--year", year, "--json"]));
    let after: serde_json::Value = serde_json::from_str(after.trim()).unwrap();
    let delta = |k: &str| after["values"][k].as_i64().unwrap() - before["values"][k].as_i64().unwrap();
    assert_eq!(delta("t4.review.corrected"), 1);
    assert_eq!(delta("t4.suit_after_review.pending"), 1);
}

#[test]
fn importing_a_holiday_schedule_moves_open_deadlines_and_is_listed() {
    let tmp = temp_dir("gongkai-casework-calendar");
    let data = tmp.path();
    ok(&gongkai(data, &["demo", "--per-year", "10"]));
    let out = ok(&gongkai(
        data,
        &[
            "case",
            "new",
            "--agency",
            "demo",
            "--name",
            "王五",
            "--email",
            "test@example.cn",
            "--id-number",
            "E12345678",
            "--phone",
            "13900000000",
            "--on",
            "2024-12-20",
            "--item",
            "某文件",
        ],
    ));
    let id = number_after(&out, "已登记申请");
    // Received on Friday 2024-12-20, counted with the official 2025 notice: due 2025-01-20.
    let before = ok(&gongkai(data, &["case", "show", &id]));
    assert!(before.contains("2025-01-20"), "{before}");

    // A replacement notice for 2025 (as after a supplementary notice) with a week off at New
    // Year: applications can only be registered up to today and events dated up to today, so a
    // past year's notice is replaced.
    let days: Vec<String> =
        (1..=7).map(|d| format!(r#"{{"name": "元旦", "date": "2025-01-0{d}", "isOffDay": true}}"#)).collect();
    let file = data.join("2025.json");
    std::fs::write(&file, format!(r#"{{"year": 2025, "papers": ["测试用安排"], "days": [{}]}}"#, days.join(", ")))
        .unwrap();
    let imported = ok(&gongkai(data, &["calendar", "import", file.to_str().unwrap()]));
    assert!(imported.contains("已导入2025年节假日安排"), "{imported}");
    assert!(imported.contains(&format!("申请 {id}（")) && imported.contains(" → 2025-01-24"), "{imported}");
    let listed = ok(&gongkai(data, &["calendar", "list"]));
    assert!(listed.contains("2026年  内置") && listed.contains("2025年  导入（替换内置安排），测试员"), "{listed}");
    let after = ok(&gongkai(data, &["case", "show", &id]));
    assert!(after.contains("2025-01-24"), "{after}");

    let broken = data.join("broken.json");
    std::fs::write(&broken, r#"{"year": 2100, "days": [{"name": "元旦", "date": "2100-13-01", "isOffDay": true}]}"#)
        .unwrap();
    let err = fails(&gongkai(data, &["calendar", "import", broken.to_str().unwrap()]), 1);
    assert!(err.contains("2100-13-01"), "{err}");

    // Each move is in the audit log, before and after.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rwc", data.join("gongkai.sqlite3").display());
        let store = gongkai_store::Store::open(&url).await.unwrap();
        let log = store.audit_log(&format!("application/{id}")).await.unwrap();
        let entry = log.iter().find(|e| e.action == "due_date").expect("the move is logged");
        assert!(
            entry.before.as_ref().unwrap()["due_date"].as_str().unwrap()
                < entry.after.as_ref().unwrap()["due_date"].as_str().unwrap()
        );
        store.close().await;
    });
}

#[test]
fn xlsx_ledgers_import_like_csv() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let tmp = temp_dir("gongkai-casework-xlsx");
    let data = tmp.path();
    ok(&gongkai(data, &["demo", "--per-year", "10"]));
    let path = data.join("台账.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("申请台账").unwrap();
    let header = [
        "申请人类型",
        "申请人",
        "身份证明号码",
        "联系电话",
        "通信地址",
        "申请渠道",
        "获取方式",
        "登记日期",
        "收到日期",
        "申请内容",
        "办结日期",
        "办理结果",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let date = |s: &str| ExcelDateTime::parse_from_str(s).unwrap();
    // Row 2: dates as real date cells, the phone typed as a number.
    sheet.write_string(1, 0, "自然人").unwrap();
    sheet.write_string(1, 1, "王小明").unwrap();
    sheet.write_string(1, 2, "11010519491231002X").unwrap();
    sheet.write_number(1, 3, 13800000001.0).unwrap();
    sheet.write_string(1, 4, "示例市滨江区长江路1号").unwrap();
    sheet.write_string(1, 5, "网络").unwrap();
    sheet.write_string(1, 6, "电子邮件").unwrap();
    sheet.write_datetime_with_format(1, 7, date("2025-04-01"), &date_format).unwrap();
    sheet.write_datetime_with_format(1, 8, date("2025-04-02"), &date_format).unwrap();
    sheet.write_string(1, 9, "某文件；另一文件").unwrap();
    sheet.write_datetime_with_format(1, 10, date("2025-04-20"), &date_format).unwrap();
    sheet.write_string(1, 11, "granted").unwrap();
    // Row 3: an organisation, dates as text.
    for (c, v) in [
        "商业企业",
        "示例市某公司",
        "91310104ABCDEFGHIJ",
        "",
        "示例市高新区",
        "当面",
        "邮寄纸质文本",
        "2025-05-06",
        "",
        "某项目审批",
        "",
        "",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, c as u16, *v).unwrap();
    }
    // Row 4: a bad check digit.
    for (c, v) in [
        "自然人",
        "赵六",
        "110105194912310021",
        "13800000003",
        "示例市",
        "当面",
        "电子邮件",
        "2025-06-01",
        "",
        "某文件",
        "",
        "",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(3, c as u16, *v).unwrap();
    }
    book.save(&path).unwrap();

    let refused = gongkai(data, &["import", "applications", "--agency", "demo", path.to_str().unwrap()]);
    let err = fails(&refused, 1);
    assert!(err.contains("第4行") && err.contains("校验位") && err.contains("未导入任何数据"), "{err}");
    assert!(!err.contains("第2行") && !err.contains("第3行"), "{err}");
    // Rows skipped: exit code 1, the good rows imported.
    let partial = gongkai(data, &["import", "applications", "--agency", "demo", "--partial", path.to_str().unwrap()]);
    assert_eq!(partial.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&partial.stdout).contains("已导入 2 件申请"), "{partial:?}");
    let list = ok(&gongkai(data, &["case", "list", "--agency", "demo", "--limit", "2", "--json"]));
    let rows: Vec<serde_json::Value> = list.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let wang = rows.iter().find(|r| r["applicant"]["kind"] == "natural").expect("the natural person");
    assert_eq!(wang["received_on"], "2025-04-02");
    assert_eq!(wang["applicant"]["phone"], "138****0001");
    assert!(wang["concluded"].is_array());
}
