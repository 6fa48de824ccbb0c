//! Supervision through the `gongkai` binary: import an agency tree, collect the shared labelled
//! reports (every file filed or listed for assignment, a second collection changes nothing),
//! correct a cell (the reading and the correction kept with who and when), assign a held
//! file, and roll the tree up as JSON and XLSX.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::temp_dir;

fn gongkai(data: &Path, args: &[&str], actor: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("GONGKAI_ACTOR", actor)
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

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The agencies of the shared reports under one office, with short names as reports write them;
/// 乐山市 and 深圳市坪山区 are left out on purpose (their reports must wait for assignment).
/// corpus/009 (乐山, 2010) is assigned by hand to `office` below.
const TREE: &str = "代码,名称,简称,层级,类别,上级代码
office,示例省人民政府办公厅,,省,人民政府,
pingtan,平潭综合实验区管理委员会,平潭综合实验区；平潭综合实验区管委会,市,人民政府,office
pt-tax,平潭综合实验区地方税务局,,市,部门,pingtan
pt-county,平潭县人民政府,,县,人民政府,pingtan
sh-office,上海市人民政府办公厅,,省,部门,office
sh-kewei,上海市科学技术委员会,上海市科委,省,部门,office
shuyang,沭阳县人民政府,,县,人民政府,office
hengyang,衡阳市人民政府国有资产监督管理委员会,衡阳市国资委,市,部门,office
suixian,随县人民政府,,县,人民政府,office
yanfeng,衡阳市雁峰区人民政府,衡阳市雁峰区,县,人民政府,office
conghua,广州市从化区人民政府办公室,,县,部门,office
shuozhou,朔州市中小企业局,,市,部门,office
";

#[test]
fn collect_file_correct_assign_and_roll_up() {
    let tmp = temp_dir("gongkai-supervision-collect");
    let data = tmp.path();
    let tree = data.join("tree.csv");
    std::fs::write(&tree, TREE).unwrap();
    let out = ok(&gongkai(data, &["agency", "import", tree.to_str().unwrap()], "督查员"));
    assert!(out.contains("新增 12 个"), "{out}");

    let seeds = shared().join("seeds");
    let corpus = shared().join("corpus");
    let docs = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                let p = e.as_ref().unwrap().path();
                matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "html" | "docx" | "pdf"))
            })
            .count()
    };
    // The reader's own corpus too (93 real reports of other agencies: most wait for a person).
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/corpus");
    let n = docs(&seeds) + docs(&corpus) + docs(&own);
    assert!(n >= 110, "{n}");
    let paths = [seeds.to_str().unwrap(), corpus.to_str().unwrap(), own.to_str().unwrap()];
    let first = ok(&gongkai(data, &[&["collect"][..], &paths[..]].concat(), "督查员"));
    let filed = first.lines().filter(|l| l.starts_with("已归档 ")).count();
    let held = first.lines().filter(|l| l.starts_with("待分配 ")).count();
    assert_eq!(filed + held, n, "every file is filed or listed:\n{first}");
    assert!(first.contains("无法读取 0 个"), "{first}");
    assert!(filed >= 12, "most reports match the tree:\n{first}");
    // 乐山 (009) names itself only as 我办; 坪山 (010) is not in the tree.
    for unknown in ["009.txt", "010.txt"] {
        assert!(first.lines().any(|l| l.starts_with("待分配 ") && l.contains(unknown)), "{unknown}:\n{first}");
    }

    // A second collection changes nothing.
    let before = ok(&gongkai(data, &["rollup", "--agency", "office", "--year", "2019", "--json"], "督查员"));
    let second = ok(&gongkai(data, &[&["collect"][..], &paths[..]].concat(), "督查员"));
    assert!(second.contains("归档 0 个") && second.contains(&format!("已归档未变 {filed} 个")), "{second}");
    let after = ok(&gongkai(data, &["rollup", "--agency", "office", "--year", "2019", "--json"], "督查员"));
    assert_eq!(before, after);

    // A reviewer corrects a cell: the reading and the correction stay, with who and when.
    ok(&gongkai(
        data,
        &[
            "registry",
            "correct",
            "--agency",
            "sh-kewei",
            "--year",
            "2024",
            "--key",
            "t3.new.natural",
            "--value",
            "33",
            "--reason",
            "核对原文",
        ],
        "审核员",
    ));
    let shown = ok(&gongkai(data, &["registry", "show", "--agency", "sh-kewei", "--year", "2024"], "督查员"));
    assert!(shown.contains("第1版 文件识别 督查员"), "{shown}");
    assert!(shown.contains("第2版 人工更正 审核员"), "{shown}");
    assert!(shown.contains("更正 t3.new.natural") && shown.contains("32 → 33，理由：核对原文"), "{shown}");
    assert!(shown.contains("年") && shown.contains("月"), "dates as people read them: {shown}");

    // A held file is assigned by a person.
    let inbox = ok(&gongkai(data, &["registry", "inbox"], "督查员"));
    let line = inbox.lines().find(|l| l.contains("009.txt")).expect("009 waits");
    let sha = line.split_whitespace().next().unwrap();
    let assigned =
        ok(&gongkai(data, &["registry", "assign", "--file", sha, "--agency", "office", "--year", "2010"], "督查员"));
    assert!(assigned.contains("已归档到 office 2010年度"), "{assigned}");
    assert!(!ok(&gongkai(data, &["registry", "inbox"], "督查员")).contains("009.txt"));

    // Roll-up of the tree for 2019: the three containers of one report are versions of one
    // report, so the sum counts it once; missing agencies are named.
    let json: serde_json::Value = serde_json::from_str(after.trim()).unwrap();
    let missing: Vec<&str> = json["missing"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(missing.contains(&"office") && missing.contains(&"shuyang"), "{missing:?}");
    let xlsx = data.join("tree.xlsx");
    ok(&gongkai(data, &["rollup", "--agency", "office", "--year", "2024", "--xlsx", xlsx.to_str().unwrap()], "督查员"));
    let bytes = std::fs::read(&xlsx).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let text = ok(&gongkai(data, &["rollup", "--agency", "office", "--year", "2024"], "督查员"));
    assert!(text.contains("示例省人民政府办公厅 2024年度汇总") && text.contains("未报送："), "{text}");
}

#[test]
fn a_bad_agency_file_changes_nothing_and_names_its_rows() {
    let tmp = temp_dir("gongkai-supervision-bad-tree");
    let data = tmp.path();
    let tree = data.join("tree.csv");
    std::fs::write(&tree, "代码,名称,上级代码\nroot,某市人民政府,\nroot,重复,\nedu,某市教育局,nowhere\n").unwrap();
    let out = gongkai(data, &["agency", "import", tree.to_str().unwrap()], "督查员");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第3行：机构代码“root”重复") && err.contains("上级机构“nowhere”不存在"), "{err}");
    let listed = ok(&gongkai(data, &["agency", "list"], "督查员"));
    assert!(listed.trim().is_empty(), "{listed}");
}
