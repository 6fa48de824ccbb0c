//! Uploads (issue 16): how long until the server acknowledges an application filed through the
//! portal form with an attachment of 1, 5 and 20 MB (read, checked by content, stored durably in
//! SQLite, answered 303), over loopback TCP to the real app on a temporary database. Baseline of
//! the same run: the same form without an attachment.
//!
//! Run: `cargo bench -p gongkai-web --bench upload`

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use gongkai_store::{Actor, AgencyId, Store};
use gongkai_web::{AppState, Config, build_app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap();
    (headers.split(' ').nth(1).unwrap().parse().unwrap(), headers.to_string(), body.to_string())
}

/// The time from sending the form to its 303, for one application with `attachment`.
async fn file_one(addr: SocketAddr, attachment: Option<&[u8]>) -> Duration {
    let (_, headers, page) = exchange(addr, "GET /apply HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", b"").await;
    let cookie =
        headers.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let boundary = "----bench-boundary";
    let mut body = Vec::new();
    for (k, v) in [
        ("csrf", csrf.as_str()),
        ("agency", "bench"),
        ("applicant_kind", "natural"),
        ("name", "上传测试"),
        ("id_type", "resident_id"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800001111"),
        ("delivery", "在线下载"),
        ("items", "某文件"),
        ("secret", "bench-secret-1"),
        ("secret_again", "bench-secret-1"),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    if let Some(file) = attachment {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"材料.txt\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /apply HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let t = Instant::now();
    let (status, _, answer) = exchange(addr, &head, &body).await;
    let took = t.elapsed();
    assert_eq!(status, 303, "{}", answer.chars().take(300).collect::<String>());
    took
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("bench.sqlite3").display());
    let store = Store::open(&url).await.unwrap();
    let actor = Actor::new("bench").unwrap();
    store.create_agency(&AgencyId::new("bench").unwrap(), "基准测试局", &actor).await.unwrap();
    let config = Config { secure_cookies: false, public_per_minute: 1_000_000, ..Config::default() };
    let app = build_app(AppState::new(store, config).await.unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await });
    let line = "居民身份证复印件、营业执照副本、授权委托书等申请材料。\n".as_bytes();
    for (label, size) in [("none (baseline)", 0usize), ("1 MB", 1_000_000), ("5 MB", 5_000_000), ("20 MB", 20_000_000)]
    {
        let mut runs = Vec::new();
        for n in 0..10 {
            // Distinct content per run (no deduplication helps).
            let mut file: Vec<u8> = format!("第{n}份\n").into_bytes();
            while file.len() + line.len() <= size {
                file.extend_from_slice(line);
            }
            runs.push(file_one(addr, (size > 0).then_some(file.as_slice())).await);
        }
        runs.sort();
        println!("attachment {label}: acknowledged p50 {} max {} (10 runs)", ms(runs[5]), ms(runs[9]));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
