//! `gongkai serve` as the real process. Durability: it takes a submission load, is killed with
//! SIGKILL in the middle of it, restarts on the same data folder, and every application that
//! got a 201 is there, readable with its secret. Search: the portal's page, the API and
//! `gongkai search` on the same folder give the same hits.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{request, start, temp_dir};

#[test]
fn every_acknowledged_application_survives_sigkill() {
    let tmp = temp_dir("gongkai-durability");
    let data = tmp.path().join("data");
    let (mut server, addr) = start(&data, true);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    let accepted = rt.block_on(async {
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for w in 0..8 {
            let stop = stop.clone();
            tasks.push(tokio::spawn(async move {
                let mut ok = Vec::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let secret = format!("secret-{w}-{i}");
                    let body = format!(
                        r#"{{"agency":"demo","applicant":{{"email": "test@example.cn", "kind":"natural","name":"测试{w}","id_number":"E{w:04}{i:05}","phone":"138{w:04}{i:04}"}},"items":["负载测试 {w}-{i}"],"delivery":"电子邮件","secret":"{secret}"}}"#
                    );
                    match request(addr, "POST", "/api/v1/applications", "", &body).await {
                        Some((201, json)) => {
                            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
                            ok.push((v["tracking_code"].as_str().unwrap().to_string(), secret));
                        }
                        Some((status, body)) => panic!("unexpected {status}: {body}"),
                        None => tokio::time::sleep(Duration::from_millis(5)).await,
                    }
                }
                ok
            }));
        }
        // Let the load run, then kill the server in the middle of it.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::Relaxed);
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all
    });
    assert!(accepted.len() >= 10, "the load got going: {} accepted", accepted.len());
    let (mut server, addr) = start(&data, false);
    let missing = rt.block_on(async {
        let mut missing = Vec::new();
        for (code, secret) in &accepted {
            let header = format!("X-Tracking-Secret: {secret}\r\n");
            match request(addr, "GET", &format!("/api/v1/applications/{code}"), &header, "").await {
                Some((200, _)) => {}
                other => missing.push((code.clone(), other)),
            }
        }
        missing
    });
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(missing.is_empty(), "{} of {} acknowledged applications lost: {missing:?}", missing.len(), accepted.len());
}

/// `text` percent-encoded for a query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn the_portal_the_api_and_the_command_line_find_the_same() {
    let tmp = temp_dir("gongkai-serve-search");
    let data = tmp.path().join("data");
    let (mut server, addr) = start(&data, true);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let queries =
        ["信息公开", "公开指南", "年报", "息公开工", "工作 要点", "标题:通知", "隨縣", "-通知 公开", "示例市年报"];
    let mut with_hits = 0;
    for q in queries {
        let (status, json) =
            rt.block_on(request(addr, "GET", &format!("/api/v1/search?q={}", encode(q)), "", "")).unwrap();
        assert_eq!(status, 200, "{q}: {json}");
        let api: serde_json::Value = serde_json::from_str(&json).unwrap();
        let ids = |v: &serde_json::Value| -> Vec<i64> {
            v["hits"].as_array().unwrap().iter().map(|h| h["id"].as_i64().unwrap()).collect()
        };
        let (status, html) = rt.block_on(request(addr, "GET", &format!("/search?q={}", encode(q)), "", "")).unwrap();
        assert_eq!(status, 200, "{q}");
        let page: Vec<i64> = html
            .split("<a href=\"/items/")
            .skip(1)
            .filter(|s| s.contains("class=\"hit-title\""))
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["search", "--json", "--data"])
            .arg(&data)
            .args(["--", q])
            .output()
            .unwrap();
        assert!(out.status.success(), "{q}: {}", String::from_utf8_lossy(&out.stderr));
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(ids(&api), ids(&cli), "{q}: API and command line");
        assert_eq!(ids(&api), page, "{q}: API and portal page");
        assert_eq!(api["total"], cli["total"], "{q}");
        assert_eq!(api["relaxed"], cli["relaxed"], "{q}");
        assert_eq!(html.contains("id=\"search-relaxed\""), api["relaxed"] == true, "{q}");
        with_hits += usize::from(api["total"].as_u64().unwrap() > 0);
    }
    assert!(with_hits >= 7, "only {with_hits} of the queries find anything in the demo data");
    server.kill().unwrap();
    server.wait().unwrap();
}

/// `serve --log-json`: every log line on stderr is one JSON object with level, message and
/// fields (here the warning for a refused tracking secret).
#[test]
fn logs_are_json_lines_on_request() {
    let tmp = temp_dir("gongkai-logjson");
    let data = tmp.path().join("data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["serve", "--log-json", "--addr", "127.0.0.1:0", "--demo", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr: SocketAddr = loop {
        let line = lines.next().expect("gongkai prints its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let body = r#"{"agency": "demo", "applicant": {"email": "test@example.cn", "kind": "natural", "name": "日志测试", "id_number": "11010519491231002X", "phone": "13800001111", "address": ""}, "delivery": "电子邮件", "items": ["某文件"], "secret": "right-secret"}"#;
    let (status, answer) = rt.block_on(request(addr, "POST", "/api/v1/applications", "", body)).unwrap();
    assert_eq!(status, 201, "{answer}");
    let code =
        serde_json::from_str::<serde_json::Value>(&answer).unwrap()["tracking_code"].as_str().unwrap().to_string();
    let (status, _) = rt
        .block_on(request(
            addr,
            "GET",
            &format!("/api/v1/applications/{code}"),
            "X-Tracking-Secret: wrong-secret\r\n",
            "",
        ))
        .unwrap();
    assert_eq!(status, 403);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l} ({e})")))
        .collect();
    let refused = events.iter().find(|e| e["message"] == "tracking secret refused").expect("the refusal is logged");
    assert_eq!(refused["level"], "WARN");
    assert_eq!(refused["code"], code.as_str());
}
