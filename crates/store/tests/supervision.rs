//! Supervision records on SQLite and PostgreSQL: the agency tree imported all or nothing,
//! reports filed as immutable versions with their source file once per content, re-imports that
//! change nothing, files held for assignment, and corrections that keep the reading they correct.

mod common;

use gongkai_core::report::{Figure, Report};
use gongkai_core::supervise::{Agency, AgencyCode, AgencyKind, Level};
use gongkai_store::supervision::{Filing, ImportError, NewReportVersion, ReportOrigin, SourceFile};
use gongkai_store::{Actor, AgencyId, Store};

on_both_backends!(
    agency_import_is_all_or_nothing,
    filing_versions_and_corrections,
    unmatched_files_wait_once,
    the_same_file_filed_at_once_is_filed_once
);

fn actor(name: &str) -> Actor {
    Actor::new(name).unwrap()
}

fn agency(code: &str, name: &str, level: Level, kind: AgencyKind, parent: Option<&str>) -> Agency {
    Agency {
        code: AgencyCode::parse(code).unwrap(),
        name: name.into(),
        short_names: vec![format!("{name}简称")],
        level: Some(level),
        kind,
        parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
    }
}

fn tree_rows() -> Vec<Agency> {
    vec![
        agency("edu", "某市教育局", Level::City, AgencyKind::Department, Some("city")),
        agency("city", "某市人民政府", Level::City, AgencyKind::Government, None),
        agency("x", "甲县人民政府", Level::County, AgencyKind::Government, Some("city")),
    ]
}

async fn agency_import_is_all_or_nothing(store: Store) {
    let counts = store.import_agencies(tree_rows(), &actor("office")).await.unwrap();
    assert_eq!((counts.created, counts.updated), (3, 0));
    let tree = store.agency_tree().await.unwrap();
    assert_eq!(tree.len(), 3);
    let city = tree.id(&AgencyCode::parse("city").unwrap()).unwrap();
    assert_eq!(tree.subtree(city).len(), 3);
    assert_eq!(tree.agency(city).short_names, ["某市人民政府简称"]);
    assert_eq!(tree.agency(city).kind, AgencyKind::Government);

    // A second file: one good row and one whose parent is unknown: nothing changes.
    let bad = vec![
        agency("xedu", "甲县教育局", Level::County, AgencyKind::Department, Some("x")),
        agency("y", "乙县人民政府", Level::County, AgencyKind::Government, Some("nowhere")),
    ];
    match store.import_agencies(bad, &actor("office")).await {
        Err(ImportError::Rows(rows)) => {
            assert_eq!(rows.iter().map(ToString::to_string).collect::<Vec<_>>(), ["第2行：上级机构“nowhere”不存在"])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.agency_tree().await.unwrap().len(), 3);

    // Updating by code, with a parent stored before.
    let mut again = vec![agency("xedu", "甲县教育局", Level::County, AgencyKind::Department, Some("x"))];
    again.push(agency("x", "甲县人民政府（更名）", Level::County, AgencyKind::Government, Some("city")));
    let counts = store.import_agencies(again, &actor("office")).await.unwrap();
    assert_eq!((counts.created, counts.updated), (1, 1));
    let tree = store.agency_tree().await.unwrap();
    let x = tree.id(&AgencyCode::parse("x").unwrap()).unwrap();
    assert_eq!(tree.agency(x).name, "甲县人民政府（更名）");
    assert_eq!(tree.subtree(x).len(), 2);

    // A cycle through stored agencies is refused.
    let cycle = vec![agency("city", "某市人民政府", Level::City, AgencyKind::Government, Some("xedu"))];
    assert!(matches!(store.import_agencies(cycle, &actor("office")).await, Err(ImportError::Rows(_))));
}

fn report(total: i64) -> Report {
    let mut r = Report { year: Some(2023), ..Report::default() };
    r.values.insert("t4.review.total".into(), Figure::Count(total));
    r.values.insert("t4.review.upheld".into(), Figure::Count(total));
    r
}

async fn filing_versions_and_corrections(store: Store) {
    store.import_agencies(tree_rows(), &actor("office")).await.unwrap();
    let edu = AgencyId::new("edu").unwrap();
    let bytes = "某市教育局2023年政府信息公开工作年度报告……".as_bytes();
    let file = SourceFile { name: "edu-2023.txt", bytes };
    let read = report(4);
    let new = NewReportVersion {
        agency: &edu,
        year: 2023,
        origin: ReportOrigin::Read,
        source: Some(file),
        published_on: Some("2024-01-20".parse().unwrap()),
        summary: false,
        report: &read,
        text_sketch: None,
    };
    let generation = store.registry_generation().await.unwrap();
    assert_eq!(store.file_report(new.clone(), &actor("office")).await.unwrap(), Filing::Filed { version: 1 });
    let after_filing = store.registry_generation().await.unwrap();
    assert!(after_filing > generation, "filing changes the generation caches compare with");
    // The same file again changes nothing.
    assert_eq!(store.file_report(new, &actor("office")).await.unwrap(), Filing::Unchanged { version: 1 });
    assert_eq!(store.registry_generation().await.unwrap(), after_filing);

    let corrected = store
        .correct_report(&edu, 2023, "t4.review.total", Figure::Count(5), "原文表四总计为5，识别为4", &actor("reviewer"))
        .await
        .unwrap();
    assert_eq!(corrected.version, 2);
    let versions = store.report_versions(&edu, 2023).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].origin, ReportOrigin::Read);
    assert_eq!(versions[0].report.get("t4.review.total"), Some(Figure::Count(4)), "the reading is kept");
    assert_eq!(versions[0].created_by, "office");
    assert_eq!(versions[1].origin, ReportOrigin::Corrected);
    assert_eq!(versions[1].report.get("t4.review.total"), Some(Figure::Count(5)));
    let c = versions[1].correction.as_ref().unwrap();
    assert_eq!((c.before, c.after), (Some(Figure::Count(4)), Figure::Count(5)));
    assert_eq!(versions[1].created_by, "reviewer");
    assert_eq!(versions[1].source_sha256, versions[0].source_sha256, "a correction keeps its source file");

    let current = store.current_reports(2023).await.unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[&edu].version, 2);
    let (name, content) = store.report_file(versions[0].source_sha256.as_deref().unwrap()).await.unwrap().unwrap();
    assert_eq!((name.as_str(), content.as_slice()), ("edu-2023.txt", bytes));

    for (key, reason) in [("t9.nothing", "理由"), ("t4.review.total", "  ")] {
        assert!(store.correct_report(&edu, 2023, key, Figure::Count(1), reason, &actor("r")).await.is_err());
    }
}

async fn unmatched_files_wait_once(store: Store) {
    store.import_agencies(tree_rows(), &actor("office")).await.unwrap();
    let file = SourceFile { name: "unknown.html", bytes: b"<html>\xe6\x9f\x90\xe5\x8e\xbf</html>" };
    let held = store
        .hold_report(file, Some("乙县人民政府"), Some(2023), &[], "未找到对应机构", &actor("office"))
        .await
        .unwrap();
    assert!(held);
    assert!(
        !store
            .hold_report(file, Some("乙县人民政府"), Some(2023), &[], "未找到对应机构", &actor("office"))
            .await
            .unwrap()
    );
    let inbox = store.report_inbox().await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].read_year, Some(2023));
    // Assigning it files it and empties the inbox.
    let x = AgencyId::new("x").unwrap();
    let r = report(0);
    let new = NewReportVersion {
        agency: &x,
        year: 2023,
        origin: ReportOrigin::Read,
        source: Some(file),
        published_on: None,
        summary: false,
        report: &r,
        text_sketch: None,
    };
    assert!(matches!(store.file_report(new, &actor("office")).await.unwrap(), Filing::Filed { .. }));
    assert!(store.report_inbox().await.unwrap().is_empty());
    // A filed file is never held again.
    assert!(!store.hold_report(file, None, None, &[], "x", &actor("office")).await.unwrap());
}

/// Two collections that file the same file at the same moment file it once: the check for the
/// file is made in the transaction that files it.
async fn the_same_file_filed_at_once_is_filed_once(store: Store) {
    store.import_agencies(tree_rows(), &actor("office")).await.unwrap();
    let edu = AgencyId::new("edu").unwrap();
    let read = report(4);
    for round in 0..5 {
        let text = format!("某市教育局{round}年政府信息公开工作年度报告……");
        let (a, b) = (store.clone(), store.clone());
        let file = |s: Store, text: String, edu: AgencyId, read: Report| async move {
            let new = NewReportVersion {
                agency: &edu,
                year: 2020 + round,
                origin: ReportOrigin::Read,
                source: Some(SourceFile { name: "edu.txt", bytes: text.as_bytes() }),
                published_on: None,
                summary: false,
                report: &read,
                text_sketch: None,
            };
            s.file_report(new, &actor("office")).await.unwrap()
        };
        let (x, y) = tokio::join!(
            file(a, text.clone(), edu.clone(), read.clone()),
            file(b, text.clone(), edu.clone(), read.clone())
        );
        let mut got = [x, y];
        got.sort_by_key(|f| matches!(f, Filing::Unchanged { .. }));
        assert_eq!(got, [Filing::Filed { version: 1 }, Filing::Unchanged { version: 1 }], "round {round}");
        assert_eq!(store.report_versions(&edu, 2020 + round).await.unwrap().len(), 1);
    }
}
