//! Casework end to end through the `gongkai` binary: load the demo, compile last year's report,
//! audit it (no errors), run an application by hand, import a CSV file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gongkai_core::keys::{T3Col, T3Row, t3};

fn tempdir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let dir = std::env::temp_dir().join(format!("gongkai-casework-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

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
    let data = tempdir("demo");
    let loaded = ok(&gongkai(&data, &["demo"]));
    assert!(loaded.contains("示例市人民政府办公室"), "{loaded}");
    assert!(data.join("gongkai.sqlite3").exists());
    // A second load changes nothing and says so.
    let again = gongkai(&data, &["demo"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经加载过"));

    let year = last_year().to_string();
    let json = ok(&gongkai(&data, &["report", "compile", "--agency", "demo", "--year", &year, "--json"]));
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
    let audited = ok(&gongkai(&data, &["audit", "--json", file.to_str().unwrap()]));
    let audited: serde_json::Value = serde_json::from_str(audited.lines().next().unwrap()).unwrap();
    let errors: Vec<&serde_json::Value> =
        audited["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.is_empty(), "the compiled report has error findings: {errors:#?}");

    // The summary in Chinese.
    let summary = ok(&gongkai(&data, &["report", "compile", "--agency", "demo", "--year", &year]));
    assert!(summary.contains("本年新收申请") && summary.contains("收取信息处理费"), "{summary}");
}

#[test]
fn an_application_from_registration_to_answer() {
    let data = tempdir("case");
    ok(&gongkai(&data, &["demo", "--per-year", "20"]));
    let out = ok(&gongkai(
        &data,
        &[
            "case",
            "new",
            "--agency",
            "demo",
            "--name",
            "李小龙",
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

    let list = ok(&gongkai(&data, &["case", "list", "--agency", "demo", "--limit", "5"]));
    assert!(list.contains("110***********002X") && list.contains("139****5678"), "{list}");
    assert!(!list.contains("11010519491231002X"), "{list}");

    let answered =
        ok(&gongkai(&data, &["case", "event", &id, "--version", "1", "--on", "2025-03-20", "--answer", "granted"]));
    assert!(answered.contains("第2版"), "{answered}");
    // A colleague still looking at version 1.
    let stale = gongkai(&data, &["case", "event", &id, "--version", "1", "--on", "2025-03-21", "--answer", "partial"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("已被他人更新"));
    let illegal = gongkai(&data, &["case", "event", &id, "--on", "2025-03-22", "--withdraw"]);
    assert_eq!(illegal.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&illegal.stderr).contains("已办结"));

    let shown = ok(&gongkai(&data, &["case", "show", &id]));
    assert!(shown.contains("11010519491231002X") && shown.contains("予以公开"), "{shown}");
    let bad = gongkai(&data, &["case", "event", &id, "--answer", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn csv_import_is_all_or_nothing_unless_partial() {
    let data = tempdir("import");
    ok(&gongkai(&data, &["demo", "--per-year", "10"]));
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
    let refused = gongkai(&data, &["import", "applications", "--agency", "demo", csv.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("第4行") && err.contains("第5行") && err.contains("未导入任何数据"), "{err}");
    assert!(!err.contains("第2行") && !err.contains("第3行"), "{err}");

    let partial = gongkai(&data, &["import", "applications", "--agency", "demo", "--partial", csv.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&partial.stdout).contains("已导入 2 件申请"), "{partial:?}");
    let list = ok(&gongkai(&data, &["case", "list", "--agency", "demo", "--limit", "2"]));
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
    let data = tempdir("pg");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .arg("--database-url")
            .arg(&url)
            .args(args)
            .env("GONGKAI_ACTOR", "测试员")
            .current_dir(&data)
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
