//! Issue 16: a SIGKILL during uploads loses no acknowledged file. Applicants file applications
//! with a 256 KB attachment each through the portal form (multipart) while `gongkai serve` is
//! killed; after a restart every attachment whose form got its 303 is in the database, read
//! directly with rusqlite, byte for byte.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{start, temp_dir};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One raw HTTP/1.1 exchange: (status, headers, body), or `None` when the connection fails.
async fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> Option<(u16, String, String)> {
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    s.write_all(head.as_bytes()).await.ok()?;
    s.write_all(body).await.ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n")?;
    let status = headers.split(' ').nth(1)?.parse().ok()?;
    Some((status, headers.to_string(), body.to_string()))
}

/// Files one application with `attachment`; true when the server acknowledged it (303).
async fn apply_with(addr: SocketAddr, n: usize, attachment: &[u8]) -> Option<bool> {
    let (_, headers, page) = exchange(addr, "GET /apply HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", b"").await?;
    let cookie = headers
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))?
        .split(';')
        .next()?
        .to_string();
    let csrf = page.split("name=\"csrf\" value=\"").nth(1)?.split('"').next()?.to_string();
    let boundary = "----kill-test-boundary";
    let mut body = Vec::new();
    let fields = [
        ("csrf", csrf.as_str()),
        ("agency", "demo"),
        ("applicant_kind", "natural"),
        ("name", "附件测试"),
        ("id_type", "resident_id"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800001111"),
        ("delivery", "在线下载"),
        ("items", "某文件"),
        ("secret", "kill-test-secret"),
        ("secret_again", "kill-test-secret"),
    ];
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"材料{n}.txt\"\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(attachment);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /apply HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let (status, _, answer) = exchange(addr, &head, &body).await?;
    match status {
        303 => Some(true),
        other => panic!("unexpected {other}: {}", answer.chars().take(400).collect::<String>()),
    }
}

fn attachment(worker: usize, n: usize) -> Vec<u8> {
    let line = format!("第{worker}号上传者的第{n}份材料。\n");
    line.repeat(256 * 1024 / line.len()).into_bytes()
}

#[test]
fn every_acknowledged_upload_survives_sigkill() {
    let tmp = temp_dir("gongkai-upload-kill");
    let data = tmp.path().join("data");
    let (mut server, addr) = start(&data, true);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    let acknowledged = rt.block_on(async {
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for w in 0..6 {
            let stop = stop.clone();
            tasks.push(tokio::spawn(async move {
                let mut ok = Vec::new();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let file = attachment(w, n);
                    match apply_with(addr, n, &file).await {
                        Some(true) => ok.push(file),
                        _ => tokio::time::sleep(Duration::from_millis(5)).await,
                    }
                }
                ok
            }));
        }
        tokio::time::sleep(Duration::from_millis(3000)).await;
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
    assert!(acknowledged.len() >= 5, "the uploads got going: {} acknowledged", acknowledged.len());
    // Restarted on the same folder (recovers the database), then read directly.
    let (mut server, _) = start(&data, false);
    server.kill().unwrap();
    server.wait().unwrap();
    let db = data.join("gongkai.sqlite3");
    let conn = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut lost = 0;
    for file in &acknowledged {
        let n: i64 = conn
            .query_row(
                "select count(*) from file_blobs b join case_files f on f.sha256 = b.sha256 where b.content = ?1",
                [file],
                |r| r.get(0),
            )
            .unwrap();
        if n == 0 {
            lost += 1;
        }
    }
    eprintln!("{} uploads acknowledged before the SIGKILL, {lost} lost", acknowledged.len());
    assert_eq!(lost, 0, "{lost} of {} acknowledged uploads lost", acknowledged.len());
}
