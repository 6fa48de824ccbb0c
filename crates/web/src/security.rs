//! Request hygiene: security headers on every response, per-client rate limits on public forms
//! and login, CSRF tokens bound to the session, and body extractors whose errors are clear.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use crate::error::{ApiError, Error, Result};

/// Adds the security headers: a CSP without inline scripts or styles, no framing, no sniffing,
/// no referrer leaks.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    // Documents (reports, letters) carry their own stricter policy; pages get this one.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(
            h,
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        );
    }
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// HSTS (Strict-Transport-Security, one year) on every answer of a deployment served over HTTPS,
/// which is what secure cookies declare; a development server on plain HTTP (`--insecure-cookies`)
/// sends none, as browsers would ignore it there anyway.
pub async fn hsts(axum::extract::State(https): axum::extract::State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if https {
        res.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    res
}

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Applications, consultations, tracking look-ups, per client.
    PublicForm,
    /// Login attempts per client.
    Login,
    /// Login attempts per account, whoever makes them (guessing one clerk's password from many
    /// addresses).
    LoginAccount,
    /// Secret attempts per tracking code, whoever makes them.
    TrackingCode,
}

/// Fixed-window counters per key (a client address, an account, a code) and bucket.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: HashMap<Bucket, u32>,
    windows: Mutex<HashMap<(Bucket, String), (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(public_per_minute: u32, login_per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute: HashMap::from([
                (Bucket::PublicForm, public_per_minute),
                (Bucket::Login, login_per_minute),
                (Bucket::LoginAccount, login_per_minute),
                (Bucket::TrackingCode, login_per_minute),
            ]),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `client`; [`Error::RateLimited`] once the minute's allowance is used.
    pub fn check(&self, bucket: Bucket, client: IpAddr) -> Result<()> {
        self.check_key(bucket, &client.to_string())
    }

    /// Counts one request under `key` (an account name, a tracking code).
    pub fn check_key(&self, bucket: Bucket, key: &str) -> Result<()> {
        let limit = self.per_minute.get(&bucket).copied().unwrap_or(u32::MAX);
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let entry = windows.entry((bucket, key.to_string())).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            return Err(Error::RateLimited);
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The client address: the socket peer, or, when the peer is one of the configured trusted
/// reverse proxies, the nearest address in `X-Forwarded-For` that is not a trusted proxy;
/// loopback when there is no peer (in-process requests).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl axum::extract::FromRequestParts<crate::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        Ok(ClientIp(client_ip(peer, forwarded, &state.config.trusted_proxies)))
    }
}

/// See [`ClientIp`]: `X-Forwarded-For` is read right to left (each proxy appends the address it
/// saw), and only when the peer is trusted; an unreadable entry ends the walk at the last
/// trusted hop.
pub fn client_ip(peer: IpAddr, forwarded: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded.unwrap_or_default().rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The policy of a self-contained document (report or letter with its inline print style): no
/// scripts at all.
pub const DOCUMENT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/// The session key of the CSRF token.
const CSRF_KEY: &str = "csrf";

/// The session's CSRF token, created on first use (every form embeds it).
pub async fn csrf_token(session: &Session) -> Result<String> {
    if let Some(t) = session.get::<String>(CSRF_KEY).await.map_err(Error::internal)? {
        return Ok(t);
    }
    let t = crate::auth::random_hex(24);
    session.insert(CSRF_KEY, &t).await.map_err(Error::internal)?;
    Ok(t)
}

/// Checks a submitted CSRF token against the session's (constant-time comparison).
pub async fn verify_csrf(session: &Session, submitted: &str) -> Result<()> {
    let expected = session.get::<String>(CSRF_KEY).await.map_err(Error::internal)?;
    match expected {
        Some(e)
            if e.len() == submitted.len() && e.bytes().zip(submitted.bytes()).fold(0, |a, (x, y)| a | (x ^ y)) == 0 =>
        {
            Ok(())
        }
        _ => Err(Error::Csrf),
    }
}

/// An urlencoded form; an unreadable body is a 400 page, not a bare-text rejection.
#[derive(Debug)]
pub struct PageForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes =
            Bytes::from_request(req, state).await.map_err(|e| Error::BadRequest(format!("无法读取表单：{e}")))?;
        serde_urlencoded::from_bytes(&bytes)
            .map(PageForm)
            .map_err(|e| Error::BadRequest(format!("表单格式不正确：{e}")))
    }
}

/// A JSON body for the API: malformed JSON is 400 `bad_request`, well-formed JSON of the wrong
/// shape 422 `invalid_input`, both with a Chinese message. The content type is not required.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes =
            Bytes::from_request(req, state).await.map_err(|e| Error::BadRequest(format!("无法读取请求体：{e}")))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// The header a client sends to make a submission safe to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The `Idempotency-Key` of an API submission, if sent: 1–200 visible ASCII characters (a
/// UUID, say). Kept as hashes: of `scope` (the route and whose key space) with the key, and of
/// the body, so that a retry can be told from another submission under the same key.
pub fn request_key(
    headers: &axum::http::HeaderMap,
    scope: &str,
    body: &[u8],
) -> Result<Option<gongkai_store::RequestKey>, ApiError> {
    use sha2::{Digest, Sha256};
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else { return Ok(None) };
    let key = value.to_str().ok().filter(|k| (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()));
    let Some(key) = key else {
        return Err(Error::BadRequest("Idempotency-Key 须为 1–200 个可见 ASCII 字符（如 UUID）".into()).into());
    };
    use crate::auth::hex;
    let key_hash = hex(&Sha256::digest(format!("{scope}\n{key}").as_bytes()));
    Ok(Some(gongkai_store::RequestKey { key_hash, body_hash: hex(&Sha256::digest(body)) }))
}

/// Parses a JSON body with the errors of [`ApiJson`] (for handlers that check permissions
/// before they look at the body).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        use serde_json::error::Category;
        tracing::debug!(error = %e, "JSON body refused");
        match e.classify() {
            Category::Data => Error::Invalid(format!("请求内容不符合要求：{}", json_error_zh(&e))).into(),
            _ => Error::BadRequest(format!("请求体不是有效的JSON：{}", json_error_zh(&e))).into(),
        }
    })
}

/// serde_json's error in Chinese for the caller: what is wrong, with the field or value it
/// names, and where (the English original goes to the debug log).
fn json_error_zh(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // The quoted name after `prefix`, as in "missing field `name`".
    let quoted = |prefix: &str| -> Option<String> {
        let rest = text.strip_prefix(prefix)?;
        Some(rest.split('`').next()?.chars().take(40).collect())
    };
    let what = if let Some(name) = quoted("missing field `") {
        format!("缺少字段“{name}”")
    } else if let Some(name) = quoted("unknown field `") {
        format!("不认识的字段“{name}”")
    } else if let Some(name) = quoted("duplicate field `") {
        format!("字段“{name}”重复")
    } else if let Some(name) = quoted("unknown variant `") {
        format!("不认识的取值“{name}”")
    } else if text.starts_with("invalid type") {
        "字段值的类型不对".to_string()
    } else if text.starts_with("invalid value") {
        "字段值无效".to_string()
    } else if text.starts_with("invalid length") {
        "数组长度不对".to_string()
    } else if text.starts_with("number out of range") {
        "数字超出范围".to_string()
    } else if text.starts_with("recursion limit exceeded") {
        "嵌套层数过多".to_string()
    } else if text.starts_with("EOF while parsing") {
        "内容不完整".to_string()
    } else if text.starts_with("invalid unicode") || text.contains("UTF-8") {
        "含有无效的 UTF-8 字符".to_string()
    } else {
        "格式错误".to_string()
    };
    if e.line() == 0 { what } else { format!("{what}（第{}行第{}列）", e.line(), e.column()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_are_told_in_chinese() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Body {
            name: String,
            count: u8,
            kind: Option<Kind>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Natural,
        }
        let cases: [(&str, &str); 7] = [
            (r#"{"count": 1}"#, "缺少字段“name”"),
            (r#"{"name": "a", "count": 1, "x": 2}"#, "不认识的字段“x”"),
            (r#"{"name": 5, "count": 1}"#, "字段值的类型不对"),
            (r#"{"name": "a", "count": 300}"#, "字段值无效"),
            (r#"{"name": "a", "count": 1, "kind": "robot"}"#, "不认识的取值“robot”"),
            (r#"{"name": "a", "#, "内容不完整"),
            ("{x}", "格式错误"),
        ];
        for (body, want) in cases {
            let e = serde_json::from_str::<Body>(body).unwrap_err();
            let zh = json_error_zh(&e);
            assert!(zh.starts_with(want), "{body}: {zh} ({e})");
            assert!(!zh.contains('`'), "{zh}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = serde_json::from_str::<serde_json::Value>(&deep).unwrap_err();
        assert!(json_error_zh(&e).starts_with("嵌套层数过多"), "{e}");
    }

    /// X-Forwarded-For counts only from trusted proxies, read from the right.
    #[test]
    fn the_client_behind_trusted_proxies() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let table: [(&str, Option<&str>, &str); 7] = [
            ("203.0.113.9", Some("1.2.3.4"), "203.0.113.9"), // not a proxy: the header is ignored
            ("10.0.0.1", None, "10.0.0.1"),
            ("10.0.0.1", Some("198.51.100.7"), "198.51.100.7"),
            ("10.0.0.1", Some("1.2.3.4, 198.51.100.7"), "198.51.100.7"), // a forged left part
            ("10.0.0.1", Some("198.51.100.7, 10.0.0.2"), "198.51.100.7"), // two proxies
            ("10.0.0.1", Some("junk"), "10.0.0.1"),
            ("10.0.0.1", Some("2001:db8::5"), "2001:db8::5"),
        ];
        for (peer, forwarded, want) in table {
            assert_eq!(client_ip(ip(peer), forwarded, &trusted), ip(want), "{peer} {forwarded:?}");
        }
    }

    #[test]
    fn limits_count_per_client_and_bucket() {
        let rl = RateLimiter::new(2, 1);
        let a = IpAddr::from([10, 0, 0, 1]);
        let b = IpAddr::from([10, 0, 0, 2]);
        assert!(rl.check(Bucket::PublicForm, a).is_ok());
        assert!(rl.check(Bucket::PublicForm, a).is_ok());
        assert!(matches!(rl.check(Bucket::PublicForm, a), Err(Error::RateLimited)));
        assert!(rl.check(Bucket::PublicForm, b).is_ok());
        assert!(rl.check(Bucket::Login, a).is_ok());
        assert!(rl.check(Bucket::Login, a).is_err());
    }
}
