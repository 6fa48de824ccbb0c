//! Test harness: the real app on port 0 over a fresh database (SQLite file, or PostgreSQL when
//! `GONGKAI_TEST_POSTGRES_URL` is set), seeded with agencies and one account per role, and a
//! minimal HTTP/1.1 client that keeps the session cookie.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

use gongkai_store::{Actor, AgencyId, Applicant, NewApplication, Role, Store};
use gongkai_web::{AppState, Config};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const PASSWORD: &str = "correct-horse-9";

/// A running app and what was seeded.
pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    /// An application of `city` registered last year (id).
    pub city_case: i64,
    pub city_code: String,
    /// The folder of the SQLite database (none on PostgreSQL), removed when the app is dropped:
    /// last, after the store (fields drop in declaration order).
    _dir: Option<TempDir>,
}

impl TestApp {
    /// `Bearer …` for a new API token of `role` at `agency`.
    pub async fn bearer(&self, agency: &str, role: gongkai_store::Role) -> String {
        let token = gongkai_web::auth::new_api_token();
        let agency = gongkai_store::AgencyId::new(agency).unwrap();
        let actor = gongkai_store::Actor::new("test").unwrap();
        self.store.create_token(&agency, "t", role, &gongkai_web::auth::token_hash(&token), &actor).await.unwrap();
        format!("Bearer {token}")
    }
}

/// Fresh database URL: a new SQLite file, or a new schema-free PostgreSQL database is not
/// available, so PostgreSQL runs reuse the server with unique agency ids. The SQLite file's
/// temporary folder comes with it: it is removed when dropped, so it must outlive the store.
async fn fresh_store() -> (Store, Option<TempDir>) {
    if let Ok(url) = std::env::var("GONGKAI_TEST_POSTGRES_URL") {
        return (Store::open(&url).await.expect("postgres opens"), None);
    }
    let dir = tempfile::Builder::new().prefix("gongkai-web-test-").tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.sqlite3").display());
    (Store::open(&url).await.expect("sqlite opens"), Some(dir))
}

/// A suffix that makes ids unique per app (PostgreSQL runs share one database).
fn suffix() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{}{}", std::process::id() % 100_000, N.fetch_add(1, Ordering::Relaxed))
}

pub struct Ids {
    pub city: String,
    pub housing: String,
    pub other: String,
    pub tag: String,
}

pub async fn start(config: Config) -> (TestApp, Ids) {
    let (store, dir) = fresh_store().await;
    let tag = suffix();
    let ids = Ids { city: format!("city{tag}"), housing: format!("housing{tag}"), other: format!("other{tag}"), tag };
    let actor = Actor::new("test").unwrap();
    let city = AgencyId::new(&ids.city).unwrap();
    let housing = AgencyId::new(&ids.housing).unwrap();
    let other = AgencyId::new(&ids.other).unwrap();
    store.create_agency(&city, "测试市人民政府办公室", &actor).await.unwrap();
    store.create_agency(&housing, "测试市住房和城乡建设局", &actor).await.unwrap();
    store.create_agency(&other, "另一市人民政府办公室", &actor).await.unwrap();
    store.set_agency_parent(&housing, Some(&city), &actor).await.unwrap();
    let hash = gongkai_web::auth::hash_secret(PASSWORD.to_string()).await.unwrap();
    for role in Role::ALL {
        store.create_user(&city, &login(&ids, role), "测试用户", role, &hash, &actor).await.unwrap();
    }
    store
        .create_user(&other, &format!("other-admin{}", ids.tag), "他市管理员", Role::Admin, &hash, &actor)
        .await
        .unwrap();
    let last_year = gongkai_web::today().year() - 1;
    let app = NewApplication {
        agency: city.clone(),
        applicant: Applicant {
            kind: gongkai_core::case::ApplicantKind::Natural,
            name: "张三丰".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            address: "北京市东城区东华门街道1号".into(),
            email: "test@example.cn".into(),
            ..Default::default()
        },
        channel: gongkai_core::case::Channel::InPerson,
        delivery: "邮寄".into(),
        registered_on: jiff::civil::Date::new(last_year, 3, 2).unwrap(),
        items: vec!["2024年城市更新项目清单".into()],
    };
    let reg = store.register(&app, &actor).await.unwrap();
    let state = AppState::new(store.clone(), config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(gongkai_web::serve(listener, state, std::future::pending()));
    (TestApp { addr, store, city_case: reg.id.0, city_code: reg.tracking_code, _dir: dir }, ids)
}

pub fn login(ids: &Ids, role: Role) -> String {
    format!("{}-{}", role.code(), ids.tag)
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    /// The value of the first `name="csrf"` hidden field.
    pub fn csrf(&self) -> String {
        self.field("csrf")
    }
    /// The value of the first field `name` of the page.
    pub fn field(&self, name: &str) -> String {
        let t = self.text();
        let key = format!("name=\"{name}\" value=\"");
        let at = t.find(&key).unwrap_or_else(|| panic!("no {name} field in {t}"));
        let rest = &t[at + key.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
}

/// A client with a cookie jar of one session cookie.
pub struct Client {
    pub addr: SocketAddr,
    pub cookie: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client { addr, cookie: None }
    }

    pub async fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", self.addr);
        if let Some(c) = &self.cookie {
            req.push_str(&format!("Cookie: {c}\r\n"));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(req.as_bytes()).await.unwrap();
        // A server may answer (413) and close before the whole body is sent: the answer still counts.
        let _ = stream.write_all(body).await;
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw).await;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
            body = dechunk(&body);
        }
        for (k, v) in &headers {
            if k.eq_ignore_ascii_case("set-cookie") && v.starts_with("gongkai_session=") {
                let pair = v.split(';').next().unwrap().to_string();
                self.cookie = if pair == "gongkai_session=" { None } else { Some(pair) };
            }
        }
        Resp { status, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.request("GET", path, &[], b"").await
    }

    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.request("POST", path, &[("Content-Type", "application/x-www-form-urlencoded")], body.as_bytes()).await
    }

    pub async fn post_json(&mut self, path: &str, json: &str, headers: &[(&str, &str)]) -> Resp {
        let mut h = vec![("Content-Type", "application/json")];
        h.extend_from_slice(headers);
        self.request("POST", path, &h, json.as_bytes()).await
    }

    /// A `multipart/form-data` POST: text `fields`, then `files` as (field, file name, bytes).
    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Resp {
        let boundary = "----gongkai-test-boundary-7MA4YWxk";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.request("POST", path, &[("Content-Type", &content_type)], &body).await
    }

    /// Logs in and returns a CSRF token valid for the new session.
    pub async fn login(&mut self, name: &str) -> String {
        let page = self.get("/console/login").await;
        let csrf = page.csrf();
        let r = self.post_form("/console/login", &[("csrf", &csrf), ("name", name), ("password", PASSWORD)]).await;
        assert_eq!(r.status, 303, "login of {name}: {}", r.text());
        self.get("/console").await.csrf()
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}
