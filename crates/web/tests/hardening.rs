//! Regression tests of issue 12's probe: each failure it found, replayed against the real app
//! on port 0 with a fresh database.

mod common;

use common::{Client, login, start};
use gongkai_store::Role;
use gongkai_web::Config;

fn chinese(s: &str) -> bool {
    s.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
}

/// Failure 2: a CR, LF or NUL in the report picker's agency went raw into a Location header (500).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_picker_refuses_control_characters_instead_of_failing() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    c.login(&login(&ids, Role::Admin)).await;
    for bad in ["demo%0a", "demo%0d%0a", "demo%00", "a%0d%0aSet-Cookie:%20x=1"] {
        let r = c.get(&format!("/console/reports?agency={bad}&year=2025")).await;
        assert_eq!(r.status, 404, "{bad}: {}", r.text());
        assert!(r.header("set-cookie").is_none_or(|v| !v.contains("x=1")), "{bad}");
    }
    let r = c.get(&format!("/console/reports?agency={}&year=2025", ids.city)).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some(format!("/console/reports/{}/2025", ids.city).as_str()));
}

/// One refused request: method, path, headers, body, and the expected status and code.
type Refusal<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a [u8], u16, &'a str);

/// Failure 10: every `/api/v1` answer is JSON with a stable code and a Chinese message, also
/// where the framework refuses (path type, unknown path, method, body size).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_refusal_is_json_with_a_code() {
    let (app, ids) = start(Config::default()).await;
    let bearer = app.bearer(&ids.city, Role::Admin).await;
    let auth = [("Authorization", bearer.as_str())];
    let mut c = Client::new(app.addr);
    let big = vec![b'x'; 2 * 1024 * 1024];
    let cases: [Refusal; 5] = [
        ("GET", "/api/v1/cases/abc", &auth, b"", 400, "bad_request"),
        ("GET", "/api/v1/no-such-thing", &[], b"", 404, "not_found"),
        ("GET", "/api/v1", &[], b"", 404, "not_found"),
        ("DELETE", "/api/v1/applications", &[], b"", 405, "method_not_allowed"),
        ("POST", "/api/v1/applications", &[("Content-Type", "application/json")], &big, 413, "payload_too_large"),
    ];
    for (method, path, headers, body, status, code) in cases {
        let r = c.request(method, path, headers, body).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.text());
        assert!(r.header("content-type").is_some_and(|v| v.starts_with("application/json")), "{method} {path}");
        let j = r.json();
        assert_eq!(j["error"]["code"], code, "{method} {path}");
        assert!(chinese(j["error"]["message"].as_str().unwrap()), "{method} {path}");
    }
    // Pages keep their HTML error page.
    let r = c.get("/no-such-page").await;
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").is_some_and(|v| v.starts_with("text/html")));
}

/// Failure 11: a secret with surrounding spaces set through the API could never be used through
/// the API (header values are trimmed); it is refused at submission, on both public forms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_with_surrounding_spaces_or_control_characters_are_refused() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    for secret in [" padded-secret ", "padded-secret ", "\tpadded-secret", "bell\u{7}secret"] {
        let body = serde_json::json!({
            "agency": ids.city,
            "applicant": {"email": "test@example.cn", "kind":"commercial","name":"示例科技有限公司","id_number":"91110000MA01234567","phone":"010-12345678"},
            "items": ["2025年招标公告"], "delivery": "电子邮件", "secret": secret,
        });
        let r = c.post_json("/api/v1/applications", &body.to_string(), &[]).await;
        assert_eq!(r.status, 422, "{secret:?}: {}", r.text());
        assert_eq!(r.json()["error"]["code"], "invalid_input");
        let body =
            serde_json::json!({"agency": ids.city, "name": "张三", "question": "请问如何申请？", "secret": secret});
        let r = c.post_json("/api/v1/consultations", &body.to_string(), &[]).await;
        assert_eq!(r.status, 422, "consultation {secret:?}: {}", r.text());
    }
}

/// Failure 4: a wrong secret for an existing consultation code cost an argon2 verification
/// (~26 ms), an unknown code nothing (~1 ms); both now take the same work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_consultation_codes_take_as_long_as_wrong_secrets() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    let code = ask(&mut c, &ids.city).await;
    // Wait for the argon2id upgrade of the interim hash, the slow path an attacker would time.
    for _ in 0..200 {
        let (_, hash) = app.store.consultation_by_code(&code).await.unwrap().unwrap();
        if hash.is_some_and(|h| h.starts_with("$argon2id$")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let unknown = format!("{}9", &code[..code.len() - 1]);
    let unknown = if unknown == code { format!("{}8", &code[..code.len() - 1]) } else { unknown };
    let existing = fastest(&mut c, &format!("/api/v1/consultations/{code}")).await;
    let missing = fastest(&mut c, &format!("/api/v1/consultations/{unknown}")).await;
    assert!(missing * 3 >= existing, "unknown code {missing:?} vs wrong secret {existing:?}");
}

/// Failure 6: control characters from the public (ESC sequences, forged line breaks) are not
/// stored; multi-line fields keep their line breaks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_from_the_public_are_not_stored() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    let body = serde_json::json!({
        "agency": ids.city,
        "applicant": {"email": "test@example.cn", "kind":"commercial","name":"示例科技有限公司","id_number":"91110000MA01234567",
                      "phone":"010-1234\u{1b}[2J5678","address":"北京\n市"},
        "items": ["2025年\u{1b}[31m招标公告\n第二行\u{0}"], "delivery": "电子\r\n邮件", "secret": "s3cret-api",
    });
    let r = c.post_json("/api/v1/applications", &body.to_string(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let code = r.json()["tracking_code"].as_str().unwrap().to_string();
    let (detail, _) = app.store.tracked_application(&code).await.unwrap().unwrap();
    let stored = format!("{detail:?}");
    assert!(!stored.contains("\\u{1b}") && !stored.contains("\\0") && !stored.contains("\\r"), "{stored}");
    assert_eq!(detail.items, ["2025年[31m招标公告\n第二行"]);
    assert_eq!(detail.delivery, "电子邮件");
}

/// The fastest of five refused look-ups of `path` with a wrong secret (the least noisy figure on
/// a shared machine).
async fn fastest(c: &mut Client, path: &str) -> std::time::Duration {
    let mut best = std::time::Duration::MAX;
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let r = c.request("GET", path, &[("X-Tracking-Secret", "wrong-secret")], b"").await;
        assert_eq!(r.status, 403, "{path}: {}", r.text());
        best = best.min(t.elapsed());
    }
    best
}

/// Failure 3: the audit log recorded views of personal data that never happened: a refused
/// consultation answer, and the letter of an open case (409).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_requests_log_no_view_of_personal_data() {
    let (app, ids) = start(Config::default()).await;
    let mut public = Client::new(app.addr);
    let code = ask(&mut public, &ids.city).await;
    let (consultation, _) = app.store.consultation_by_code(&code).await.unwrap().unwrap();

    // A registrar may read but not answer.
    let mut c = Client::new(app.addr);
    let csrf = c.login(&login(&ids, Role::Registrar)).await;
    let r = c
        .post_form(
            &format!("/console/consultations/{}/answer", consultation.id),
            &[("csrf", &csrf), ("answer", "答复")],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text());
    let log = app.store.audit_log(&format!("consultation/{}", consultation.id)).await.unwrap();
    assert!(log.iter().all(|e| e.action != "view_personal_data"), "{log:?}");

    // The seeded case of `city` is open: no letter, and no view logged for it.
    let entity = format!("application/{}", app.city_case);
    let before = app.store.audit_log(&entity).await.unwrap().len();
    let r = c.get(&format!("/console/cases/{}/letter", app.city_case)).await;
    assert_eq!(r.status, 409, "{}", r.text());
    let after = app.store.audit_log(&entity).await.unwrap();
    assert_eq!(after.len(), before, "{after:?}");
}

/// Asks `agency` a question through the API with the secret `s3cret-consult`; its tracking code.
async fn ask(c: &mut Client, agency: &str) -> String {
    let body =
        serde_json::json!({"agency": agency, "name": "张三", "question": "请问如何申请？", "secret": "s3cret-consult"});
    let r = c.post_json("/api/v1/consultations", &body.to_string(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["tracking_code"].as_str().unwrap().to_string()
}

/// Failures 7 and 8: staff registration through the API has the limits of the online form (they
/// live in the model), and dates are YYYY-MM-DD between 2008-05-01 and today, nothing lenient.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_registration_has_the_limits_and_dates_of_the_model() {
    let (app, ids) = start(Config::default()).await;
    let bearer = app.bearer(&ids.city, Role::Registrar).await;
    let auth = [("Authorization", bearer.as_str())];
    let mut c = Client::new(app.addr);
    let body = |registered_on: &str, items: &serde_json::Value| {
        serde_json::json!({
            "applicant": {"email": "test@example.cn", "kind": "natural", "name": "王五", "id_number": "11010519491231002X", "phone": "13800001111", "address": ""},
            "channel": "in_person", "delivery": "邮寄", "registered_on": registered_on, "items": items,
        })
        .to_string()
    };
    let one = serde_json::json!(["2025年财政预算"]);
    let many = serde_json::json!(vec!["一项"; 20_000]);
    let long = serde_json::json!(["字".repeat(250_000)]);
    let cases: [(&str, &serde_json::Value, u16); 8] = [
        ("2025-03-03", &one, 201),
        ("0000-01-01", &one, 422),
        ("1900-01-01", &one, 422),
        ("9999-12-31", &one, 422),
        ("+002026-12-01", &one, 422),
        ("2026-12-01T00:00:00", &one, 422),
        ("2025-03-03", &many, 422),
        ("2025-03-03", &long, 422),
    ];
    for (date, items, status) in cases {
        let r = c.post_json("/api/v1/cases", &body(date, items), &auth).await;
        assert_eq!(r.status, status, "{date} ({} items): {}", items.as_array().map_or(0, Vec::len), r.text());
        if status == 422 {
            assert_eq!(r.json()["error"]["code"], "invalid_input", "{date}");
        }
    }
}

/// HSTS on every answer when the deployment declares HTTPS (secure cookies), none on a plain
/// HTTP development server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_when_served_over_https() {
    for (secure_cookies, want) in [(true, Some("max-age=31536000")), (false, None)] {
        let (app, _) = start(Config { secure_cookies, ..Config::default() }).await;
        let mut c = Client::new(app.addr);
        for path in ["/", "/api/v1/search?q=x", "/no-such-page"] {
            let r = c.get(path).await;
            assert_eq!(r.header("strict-transport-security"), want, "{secure_cookies} {path}");
        }
    }
}

/// Behind a trusted reverse proxy each client has its own login allowance (one bad client no
/// longer locks every clerk out), and one account has its own, whoever tries it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_limits_count_per_client_behind_a_proxy_and_per_account() {
    let config =
        Config { login_per_minute: 3, trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Config::default() };
    let (app, ids) = start(config).await;
    let attempt = |client: &'static str, name: String| {
        let addr = app.addr;
        async move {
            let mut c = Client::new(addr);
            let csrf = c.get("/console/login").await.csrf();
            let body = format!("csrf={csrf}&name={name}&password=wrong-password");
            c.request(
                "POST",
                "/console/login",
                &[("Content-Type", "application/x-www-form-urlencoded"), ("X-Forwarded-For", client)],
                body.as_bytes(),
            )
            .await
            .status
        }
    };
    let clerk = login(&ids, Role::Handler);
    // One account tried from three clients: its allowance is used up, from any client.
    for client in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        assert_eq!(attempt(client, clerk.clone()).await, 401);
    }
    assert_eq!(attempt("198.51.100.4", clerk.clone()).await, 429, "per account");
    // Another clerk is not locked out by that.
    assert_eq!(attempt("198.51.100.5", login(&ids, Role::Approver)).await, 401);
    // One client trying many accounts meets its own limit; another client does not.
    for n in 0..3 {
        assert_eq!(attempt("203.0.113.7", format!("nobody{n}")).await, 401);
    }
    assert_eq!(attempt("203.0.113.7", "nobody9".into()).await, 429, "per client");
    assert_eq!(attempt("203.0.113.8", "nobody10".into()).await, 401);
}

/// Secrets of one tracking code cannot be guessed from many addresses: the code has its own
/// allowance (the login allowance), whoever asks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_tracking_code_has_its_own_allowance() {
    let config =
        Config { login_per_minute: 4, trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Config::default() };
    let (app, _) = start(config).await;
    let mut c = Client::new(app.addr);
    let path = format!("/api/v1/applications/{}", app.city_code);
    for n in 0..5 {
        let client = format!("198.51.100.{n}");
        let r = c
            .request("GET", &path, &[("X-Forwarded-For", client.as_str()), ("X-Tracking-Secret", "guess-guess")], b"")
            .await;
        assert_eq!(r.status, if n < 4 { 403 } else { 429 }, "attempt {n}: {}", r.text());
    }
}

/// `/metrics` in the Prometheus text format for an administrator's token: requests by route
/// template and status with latency histograms, running deadlines, the search lag; nobody else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_scraped_with_an_administrators_token() {
    let (app, ids) = start(Config::default()).await;
    let agency = gongkai_store::AgencyId::new(&ids.city).unwrap();
    let actor = gongkai_store::Actor::new("test").unwrap();
    let (admin, clerk) = (gongkai_web::auth::new_api_token(), gongkai_web::auth::new_api_token());
    app.store.create_token(&agency, "m", Role::Admin, &gongkai_web::auth::token_hash(&admin), &actor).await.unwrap();
    app.store.create_token(&agency, "c", Role::Handler, &gongkai_web::auth::token_hash(&clerk), &actor).await.unwrap();
    let mut c = Client::new(app.addr);
    assert_eq!(c.get("/healthz").await.status, 200);
    assert_eq!(c.get(&format!("/api/v1/cases/{}", app.city_case)).await.status, 401);
    assert_eq!(c.get("/metrics").await.status, 401);
    let clerk = format!("Bearer {clerk}");
    assert_eq!(c.request("GET", "/metrics", &[("Authorization", clerk.as_str())], b"").await.status, 403);
    let admin = format!("Bearer {admin}");
    let r = c.request("GET", "/metrics", &[("Authorization", admin.as_str())], b"").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").is_some_and(|t| t.starts_with("text/plain; version=0.0.4")));
    let text = r.text();
    for line in [
        "gongkai_http_requests_total{route=\"/healthz\",status=\"200\"} 1",
        "gongkai_http_requests_total{route=\"/api/v1/cases/{id}\",status=\"401\"} 1",
        "gongkai_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1",
        "gongkai_applications_running{urgency=\"any\"} ",
        "gongkai_search_outbox_lag 0",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    assert!(!text.contains(&format!("/api/v1/cases/{}\"", app.city_case)), "route templates, never concrete paths");
}

/// The probe's bad-body category as a suite: every `POST` route of the API (read from the
/// OpenAPI document, so a new route is covered without a change here), called by an admitted
/// caller with bodies that are not what it takes, answers a 4xx JSON error with a stable code
/// and a Chinese message: never a 5xx, never a success, never an HTML or empty answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_route_refuses_bad_bodies_in_json() {
    let (app, ids) = start(Config { public_per_minute: 100_000, ..Config::default() }).await;
    let bearer = app.bearer(&ids.city, Role::Admin).await;
    let mut c = Client::new(app.addr);
    let doc = c.get("/api/openapi.json").await.json();
    let routes: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, item)| item.get("post").is_some())
        .map(|(path, _)| path.replace("{id}", &app.city_case.to_string()))
        .collect();
    assert!(routes.len() >= 7, "{routes:?}");
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let long_key = format!("{{\"{}\": 1}}", "k".repeat(100_000));
    let bodies: Vec<(&str, &[u8])> = vec![
        ("application/json", b""),
        ("application/json", b"null"),
        ("application/json", b"[]"),
        ("application/json", b"\"text\""),
        ("application/json", b"42"),
        ("application/json", b"{"),
        ("application/json", b"{\"agency\": "),
        ("application/json", b"{}"),
        ("application/json", b"{\"version\": 1e999, \"event\": \"answer\"}"),
        ("application/json", b"{\"version\": -1, \"event\": \"no-such-event\"}"),
        ("application/json", b"{\"version\": \"1\", \"items\": {\"a\": 1}, \"agency\": 5}"),
        ("application/json", b"{\"agency\": \"\xff\xfe\"}"),
        ("application/json", b"\xef\xbb\xbf{}"),
        ("application/json", deep.as_bytes()),
        ("application/json", long_key.as_bytes()),
        ("text/plain", b"{}"),
        ("application/x-www-form-urlencoded", b"agency=x&items=y"),
    ];
    for route in &routes {
        for (content_type, body) in &bodies {
            let headers = [("Authorization", bearer.as_str()), ("Content-Type", content_type)];
            let r = c.request("POST", route, &headers, body).await;
            let shown = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
            assert!((400..500).contains(&r.status), "{route} {content_type} {shown}: {} {}", r.status, r.text());
            assert!(
                r.header("content-type").is_some_and(|v| v.starts_with("application/json")),
                "{route} {content_type} {shown}: {}",
                r.text()
            );
            let j = r.json();
            let code = j["error"]["code"].as_str().unwrap_or_default();
            assert!(!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{route}: {j}");
            assert!(chinese(j["error"]["message"].as_str().unwrap_or_default()), "{route}: {j}");
        }
    }
}

/// The probe's escaping category as a suite: markup typed by the public into every free-text
/// field of an application and of a consultation comes back escaped on every page that shows
/// it, to the applicant and to staff.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_from_the_public_is_escaped_on_every_page_that_shows_it() {
    const MARKUP: &str = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"'&"#;
    // Named or numeric character references, as the template engine writes them.
    const ESCAPED: [&str; 2] = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&#60;script&#62;alert(1)&#60;/script&#62;"];
    let (app, ids) = start(Config { public_per_minute: 100_000, ..Config::default() }).await;
    let mut public = Client::new(app.addr);
    let field = |name: &str| format!("{name}{MARKUP}");
    let application = serde_json::json!({
        "agency": ids.city,
        "applicant": {"email": "test@example.cn", "kind": "natural", "name": field("申请人"), "id_number": "11010519491231002X",
                      "phone": "13800001111", "address": field("地址")},
        "delivery": "电子邮件",
        "items": [field("所需信息")],
        "secret": "escape-secret-1",
    });
    let r = public.post_json("/api/v1/applications", &application.to_string(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let code = r.json()["tracking_code"].as_str().unwrap().to_string();
    let consultation = serde_json::json!({
        "agency": ids.city, "question": field("咨询"), "name": field("咨询人"),
        "contact": "13900000000", "secret": "escape-secret-2",
    });
    let r = public.post_json("/api/v1/consultations", &consultation.to_string(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let ask_code = r.json()["tracking_code"].as_str().unwrap().to_string();
    let (id, _) = app.store.application_secret(&code).await.unwrap().unwrap();

    let mut pages: Vec<(String, String)> = Vec::new();
    for (form, path, code, secret) in
        [("/track", "/track", &code, "escape-secret-1"), ("/ask", "/ask/track", &ask_code, "escape-secret-2")]
    {
        let csrf = public.get(form).await.csrf();
        let r = public.post_form(path, &[("csrf", &csrf), ("code", code), ("secret", secret)]).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        pages.push((path.to_string(), r.text()));
    }
    let mut staff = Client::new(app.addr);
    staff.login(&login(&ids, Role::Handler)).await;
    for path in ["/console", &format!("/console/cases/{}", id.0), "/console/consultations"] {
        let r = staff.get(path).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        pages.push((path.to_string(), r.text()));
    }
    for (path, html) in &pages {
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{path} shows raw markup");
    }
    // Shown at all (escaped) where the text is shown in full.
    for path in ["/ask/track", &format!("/console/cases/{}", id.0), "/console/consultations"] {
        let html = &pages.iter().find(|(p, _)| p == path).unwrap().1;
        assert!(ESCAPED.iter().any(|e| html.contains(e)), "{path} does not show the text: {html}");
    }
}
