//! The real app on port 0 with a fresh database: authorisation over every route × role,
//! security headers, CSRF, sessions, the portal flow, the JSON API and its error bodies.

mod common;

use common::{Client, Ids, PASSWORD, TestApp, login, start};
use gongkai_store::Role;
use gongkai_web::Config;

/// Who makes a request in the authorisation table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Staff(Role),
    /// The admin of an unrelated agency (isolation).
    OtherAdmin,
}

const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Staff(Role::Registrar),
    Who::Staff(Role::Handler),
    Who::Staff(Role::Approver),
    Who::Staff(Role::Admin),
    Who::Staff(Role::Supervisor),
    Who::OtherAdmin,
];

/// Which callers a route admits.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Public,
    /// Any logged-in staff member (of any agency).
    AnyStaff,
    /// Staff who may read the `city` agency (its roles, not another agency's admin).
    CityReaders,
    /// Roles of `city` that may do the action on `city`'s records.
    CityRoles(&'static [Role]),
    /// Roles that may do the action in their own agency (another agency's admin included).
    OwnRoles(&'static [Role]),
}

impl Rule {
    fn admits(self, who: Who) -> bool {
        match (self, who) {
            (Rule::Public, _) => true,
            (_, Who::Anonymous) => false,
            (Rule::AnyStaff, _) => true,
            (Rule::CityReaders, Who::Staff(_)) => true,
            (Rule::CityReaders, Who::OtherAdmin) => false,
            (Rule::CityRoles(roles), Who::Staff(r)) => roles.contains(&r),
            (Rule::CityRoles(_), Who::OtherAdmin) => false,
            (Rule::OwnRoles(roles), Who::Staff(r)) => roles.contains(&r),
            (Rule::OwnRoles(roles), Who::OtherAdmin) => roles.contains(&Role::Admin),
        }
    }
}

const REGISTER: &[Role] = &[Role::Registrar, Role::Handler, Role::Approver, Role::Admin];
const HANDLE: &[Role] = &[Role::Handler, Role::Approver, Role::Admin];
const APPROVE: &[Role] = &[Role::Approver, Role::Admin];
const ADMIN: &[Role] = &[Role::Admin];
const PERSONAL: &[Role] = &[Role::Registrar, Role::Handler, Role::Approver, Role::Admin];
const SUPERVISE: &[Role] = &[Role::Supervisor, Role::Admin];
/// The files of a case: who reads personal data, and the agency's own 督查.
const FILES: &[Role] = &[Role::Registrar, Role::Handler, Role::Approver, Role::Admin, Role::Supervisor];

/// Every page route of the portal and the console (the API is checked against the OpenAPI
/// document below). `{case}`, `{city}` and `{year}` are filled in.
fn page_routes() -> Vec<(&'static str, &'static str, Rule)> {
    vec![
        ("GET", "/", Rule::Public),
        ("GET", "/healthz", Rule::Public),
        ("GET", "/static/style.css", Rule::Public),
        ("GET", "/static/app.js", Rule::Public),
        ("GET", "/guide", Rule::Public),
        ("GET", "/guide/{city}", Rule::Public),
        ("GET", "/catalog", Rule::Public),
        ("GET", "/catalog/{city}", Rule::Public),
        ("GET", "/search", Rule::Public),
        ("GET", "/reports", Rule::Public),
        ("GET", "/reports/{city}/{year}", Rule::Public),
        ("GET", "/apply", Rule::Public),
        ("POST", "/apply", Rule::Public),
        ("GET", "/track", Rule::Public),
        ("POST", "/track", Rule::Public),
        ("GET", "/ask", Rule::Public),
        ("POST", "/ask", Rule::Public),
        ("POST", "/ask/track", Rule::Public),
        ("GET", "/console/login", Rule::Public),
        ("POST", "/console/login", Rule::Public),
        ("POST", "/console/logout", Rule::Public),
        ("GET", "/api/openapi.json", Rule::Public),
        ("GET", "/console", Rule::AnyStaff),
        ("GET", "/console/cases/new", Rule::OwnRoles(REGISTER)),
        ("POST", "/console/cases", Rule::OwnRoles(REGISTER)),
        ("GET", "/console/cases/{case}", Rule::CityReaders),
        ("GET", "/console/cases/{case}/receipt", Rule::CityRoles(REGISTER)),
        // A handler's answer is admitted as a draft for an approver to sign.
        ("POST", "/console/cases/{case}/events", Rule::CityRoles(HANDLE)),
        ("POST", "/console/cases/{case}/sign", Rule::CityRoles(APPROVE)),
        ("POST", "/console/cases/{case}/return", Rule::CityRoles(APPROVE)),
        // Refused before the body is read; an admitted caller's urlencoded body is a 400.
        ("POST", "/console/cases/{case}/files", Rule::CityRoles(REGISTER)),
        ("GET", "/console/cases/{case}/letter", Rule::CityRoles(PERSONAL)),
        ("GET", "/console/consultations", Rule::AnyStaff),
        ("POST", "/console/consultations", Rule::OwnRoles(REGISTER)),
        ("GET", "/console/reports", Rule::AnyStaff),
        ("GET", "/console/reports/{city}/{year}", Rule::CityReaders),
        ("GET", "/console/reports/{city}/{year}/export/json", Rule::CityReaders),
        ("GET", "/console/admin", Rule::OwnRoles(ADMIN)),
        ("POST", "/console/admin/users", Rule::OwnRoles(ADMIN)),
        ("POST", "/console/admin/tokens", Rule::OwnRoles(ADMIN)),
        // `{user}` is the city's registrar: another agency's admin may not touch it.
        ("POST", "/console/admin/users/{user}/active", Rule::CityRoles(ADMIN)),
        ("POST", "/console/admin/users/{user}/password", Rule::CityRoles(ADMIN)),
        ("POST", "/console/admin/guide", Rule::OwnRoles(ADMIN)),
        ("POST", "/console/reports/{city}/{year}/file", Rule::CityRoles(APPROVE)),
        // Saving the prose (no `action=publish`) and entering table 二 are the handler's.
        ("POST", "/console/reports/{city}/{year}/narrative", Rule::CityRoles(HANDLE)),
        ("POST", "/console/reports/{city}/{year}/table2", Rule::CityRoles(HANDLE)),
        ("GET", "/console/items", Rule::AnyStaff),
        ("GET", "/console/items/new", Rule::OwnRoles(HANDLE)),
        ("POST", "/console/items", Rule::OwnRoles(HANDLE)),
        ("GET", "/console/supervision", Rule::OwnRoles(SUPERVISE)),
        ("GET", "/console/supervision/inbox", Rule::OwnRoles(SUPERVISE)),
        ("POST", "/console/supervision/inbox/0123abcd/assign", Rule::OwnRoles(SUPERVISE)),
        ("POST", "/console/supervision/upload", Rule::OwnRoles(SUPERVISE)),
        ("GET", "/console/supervision/{city}/{year}/export.xlsx", Rule::CityRoles(SUPERVISE)),
        ("GET", "/console/supervision/agencies/{city}", Rule::CityRoles(SUPERVISE)),
        ("POST", "/console/supervision/agencies/{city}", Rule::CityRoles(SUPERVISE)),
        ("GET", "/console/supervision/{city}/{year}/notice.docx", Rule::CityRoles(SUPERVISE)),
    ]
}

fn fill(path: &str, app: &TestApp, ids: &Ids) -> String {
    let year = (gongkai_web::today().year() - 1).to_string();
    path.replace("{case}", &app.city_case.to_string())
        .replace("{city}", &ids.city)
        .replace("{year}", &year)
        .replace("{user}", &login(ids, Role::Registrar))
}

async fn client_for(app: &TestApp, ids: &Ids, who: Who) -> (Client, String) {
    let mut c = Client::new(app.addr);
    let csrf = match who {
        Who::Anonymous => c.get("/apply").await.csrf(),
        Who::Staff(role) => c.login(&login(ids, role)).await,
        Who::OtherAdmin => c.login(&format!("other-admin{}", ids.tag)).await,
    };
    (c, csrf)
}

/// Denied means 401 (not logged in), 403 (role) or 404 (another agency's records do not exist
/// for the caller); admitted means anything else below 500.
fn denied(status: u16) -> bool {
    matches!(status, 401 | 403 | 404)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_route_by_every_role() {
    let (app, ids) = start(Config { public_per_minute: 10_000, login_per_minute: 10_000, ..Config::default() }).await;
    for who in EVERYONE {
        for (method, path, rule) in page_routes() {
            // A fresh session per request: logout and login change the session.
            let (mut c, csrf) = client_for(&app, &ids, who).await;
            let url = fill(path, &app, &ids);
            let r = if method == "GET" {
                c.get(&url).await
            } else {
                c.post_form(
                    &url,
                    &[
                        ("csrf", &csrf),
                        ("event", "answer"),
                        ("on", "2099-01-01"),
                        ("version", "1"),
                        ("outcome", "granted"),
                    ],
                )
                .await
            };
            assert!(r.status < 500, "{who:?} {method} {url}: {} {}", r.status, r.text());
            let want = rule.admits(who);
            // Public forms refuse bad input (422) or a wrong secret (403/401), so only the
            // non-public routes are judged on denial.
            if !matches!(rule, Rule::Public) {
                assert_eq!(!denied(r.status), want, "{who:?} {method} {url}: got {} {}", r.status, r.text());
            }
        }
    }
}

/// Every API route of the OpenAPI document is in this table, and each is checked anonymously
/// and with a token of every role.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_route_by_every_token() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let table: Vec<(&str, &str, Rule)> = vec![
        ("POST", "/api/v1/applications", Rule::Public),
        ("GET", "/api/v1/applications/{tracking_code}", Rule::Public),
        ("GET", "/api/v1/reports/{agency}/{year}", Rule::Public),
        ("GET", "/api/v1/search", Rule::Public),
        ("POST", "/api/v1/consultations", Rule::Public),
        ("GET", "/api/v1/consultations/{tracking_code}", Rule::Public),
        ("GET", "/api/v1/queue", Rule::AnyStaff),
        ("POST", "/api/v1/cases", Rule::OwnRoles(REGISTER)),
        ("GET", "/api/v1/cases/{id}", Rule::CityReaders),
        // A handler's answer is admitted as a draft.
        ("POST", "/api/v1/cases/{id}/events", Rule::CityRoles(HANDLE)),
        ("POST", "/api/v1/cases/{id}/sign", Rule::CityRoles(APPROVE)),
        ("POST", "/api/v1/cases/{id}/return", Rule::CityRoles(APPROVE)),
        ("GET", "/api/v1/cases/{id}/letter", Rule::CityRoles(PERSONAL)),
        ("GET", "/api/v1/staff/consultations", Rule::AnyStaff),
        ("POST", "/api/v1/staff/consultations", Rule::OwnRoles(REGISTER)),
        ("POST", "/api/v1/staff/consultations/{id}/answer", Rule::CityRoles(HANDLE)),
        ("GET", "/api/v1/staff/reports/{agency}/{year}/findings", Rule::CityReaders),
        ("GET", "/api/v1/staff/supervision/{agency}/{year}", Rule::CityRoles(SUPERVISE)),
        ("GET", "/api/v1/applications/{tracking_code}/files", Rule::Public),
        ("POST", "/api/v1/applications/{tracking_code}/files", Rule::Public),
        ("GET", "/api/v1/applications/{tracking_code}/files/{file}", Rule::Public),
        ("GET", "/api/v1/cases/{id}/files", Rule::CityRoles(FILES)),
        // Admitted callers without `role` get 422.
        ("POST", "/api/v1/cases/{id}/files", Rule::CityRoles(REGISTER)),
        ("GET", "/api/v1/cases/{id}/files/{file}", Rule::CityRoles(FILES)),
    ];
    let mut c = Client::new(app.addr);
    let doc = c.get("/api/openapi.json").await.json();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    let mut tabled: Vec<(String, String)> = table.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    documented.sort();
    tabled.sort();
    assert_eq!(documented, tabled, "every API route has an authorisation test");

    let mut tokens = Vec::new();
    for role in Role::ALL {
        let t = gongkai_web::auth::new_api_token();
        let agency = gongkai_store::AgencyId::new(&ids.city).unwrap();
        let actor = gongkai_store::Actor::new("test").unwrap();
        app.store.create_token(&agency, "t", role, &gongkai_web::auth::token_hash(&t), &actor).await.unwrap();
        tokens.push((Who::Staff(role), Some(t)));
    }
    let other = gongkai_web::auth::new_api_token();
    let agency = gongkai_store::AgencyId::new(&ids.other).unwrap();
    let actor = gongkai_store::Actor::new("test").unwrap();
    app.store.create_token(&agency, "t", Role::Admin, &gongkai_web::auth::token_hash(&other), &actor).await.unwrap();
    tokens.push((Who::OtherAdmin, Some(other)));
    tokens.push((Who::Anonymous, None));
    let consultation = app
        .store
        .create_consultation(
            &gongkai_store::NewConsultation {
                agency: gongkai_store::AgencyId::new(&ids.city).unwrap(),
                channel: gongkai_store::ConsultationChannel::Phone,
                question: "如何申请？".into(),
                asker_name: "李四".into(),
                asker_contact: "13900000000".into(),
                asked_on: gongkai_web::today(),
                secret_hash: None,
                answer: None,
            },
            &actor,
        )
        .await
        .unwrap()
        .0;
    let year = (gongkai_web::today().year() - 1).to_string();
    // A file on the city's case, for the routes that serve one.
    let file = app
        .store
        .add_case_file(
            gongkai_store::ApplicationId(app.city_case),
            &gongkai_store::NewCaseFile {
                name: "材料.txt",
                kind: gongkai_core::files::FileKind::Text,
                role: gongkai_core::files::FileRole::Working,
                bytes: "办理材料".as_bytes(),
            },
            &actor,
        )
        .await
        .unwrap()
        .id
        .to_string();
    for (who, token) in &tokens {
        for (method, path, rule) in &table {
            let url = path
                .replace("{tracking_code}", &app.city_code)
                .replace("{agency}", &ids.city)
                .replace("{year}", &year)
                .replace("{id}/answer", &format!("{consultation}/answer"))
                .replace("{id}", &app.city_case.to_string())
                .replace("{file}", &file);
            let auth = token.as_ref().map(|t| format!("Bearer {t}"));
            let mut headers: Vec<(&str, &str)> = Vec::new();
            if let Some(a) = &auth {
                headers.push(("Authorization", a));
            }
            // An answer dated far ahead: admitted callers reach the lifecycle (which may refuse).
            let body =
                r#"{"version": 1, "event": "answer", "on": "2099-01-01", "outcome": "granted", "answer": "已答复"}"#;
            let r = if *method == "GET" {
                c.request("GET", &url, &headers, b"").await
            } else {
                c.post_json(&url, body, &headers).await
            };
            assert!(r.status < 500, "{who:?} {method} {url}: {} {}", r.status, r.text());
            if !matches!(rule, Rule::Public) {
                assert_eq!(!denied(r.status), rule.admits(*who), "{who:?} {method} {url}: {} {}", r.status, r.text());
                if denied(r.status) {
                    let code = r.json()["error"]["code"].as_str().unwrap().to_string();
                    assert!(["unauthenticated", "forbidden", "not_found"].contains(&code.as_str()), "{code}");
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_sessions_are_locked_down() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    let r = c.get("/apply").await;
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
    let cookie =
        r.headers.iter().find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("gongkai_session"));
    let cookie = &cookie.expect("a session cookie for the form's CSRF token").1;
    for flag in ["HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!r.text().contains("<script>"), "no inline scripts");

    // A form without the session's token is refused.
    let r = c.post_form("/apply", &[("csrf", "forged"), ("agency", &ids.city)]).await;
    assert_eq!(r.status, 403);
    assert!(r.text().contains("表单已过期"));
    let mut stranger = Client::new(app.addr);
    let r = stranger.post_form("/console/login", &[("name", "x"), ("password", "y")]).await;
    assert_eq!(r.status, 403, "login needs a CSRF token too");

    // Wrong password: a clear message, no session; then login rotates the session id.
    let mut c = Client::new(app.addr);
    let csrf = c.get("/console/login").await.csrf();
    let before = c.cookie.clone();
    let r = c
        .post_form("/console/login", &[("csrf", &csrf), ("name", &login(&ids, Role::Handler)), ("password", "wrong")])
        .await;
    assert_eq!(r.status, 401);
    assert!(r.text().contains("登录名或密码不正确"));
    let csrf = c.login(&login(&ids, Role::Handler)).await;
    assert_ne!(c.cookie, before, "the session id changes at login");
    assert_eq!(c.get("/console").await.status, 200);
    let r = c.post_form("/console/logout", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303);
    assert_eq!(c.get("/console").await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_forms_and_login_are_rate_limited() {
    let (app, ids) = start(Config { public_per_minute: 3, login_per_minute: 2, ..Config::default() }).await;
    let mut c = Client::new(app.addr);
    let csrf = c.get("/track").await.csrf();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses
            .push(c.post_form("/track", &[("csrf", &csrf), ("code", "2025-00000001-1"), ("secret", "x")]).await.status);
    }
    assert_eq!(statuses, [403, 403, 403, 429, 429]);
    let csrf = c.get("/console/login").await.csrf();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let f = [("csrf", csrf.as_str()), ("name", "nobody"), ("password", "nothing-here")];
        statuses.push(c.post_form("/console/login", &f).await.status);
    }
    assert_eq!(statuses, [401, 401, 429]);
    let _ = ids;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_applies_tracks_and_downloads_the_letter() {
    let (app, ids) = start(Config::default()).await;
    let mut public = Client::new(app.addr);
    let form = public.get(&format!("/apply?agency={}", ids.city)).await;
    let (csrf, form_id) = (form.csrf(), form.field("form_id"));
    assert_eq!(form_id.len(), 32, "each form shown has its own id");
    // Refused with every problem listed, the input kept.
    let r = public
        .post_form(
            "/apply",
            &[
                ("csrf", &csrf),
                ("form_id", &form_id),
                ("agency", &ids.city),
                ("applicant_kind", "natural"),
                ("name", "王五"),
                ("id_number", "110105194912310021"),
                ("items", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let t = r.text();
    for msg in ["校验位须正确", "至少填写一项", "所需政府信息", "查询密码"] {
        assert!(t.contains(msg), "{msg} missing in {t}");
    }
    assert!(t.contains("value=\"王五\""), "input kept");
    assert!(t.contains(&format!("name=\"form_id\" value=\"{form_id}\"")), "the same form keeps its id");
    let fields = [
        ("csrf", csrf.as_str()),
        ("form_id", form_id.as_str()),
        ("agency", ids.city.as_str()),
        ("applicant_kind", "natural"),
        ("name", "王五"),
        ("id_type", "resident_id"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800001111"),
        ("address", ""),
        ("email", "wangwu@example.cn"),
        ("items", "2025年财政预算\n2025年政府工作报告"),
        ("delivery", "电子邮件"),
        ("secret", "my-secret-1"),
        ("secret_again", "my-secret-1"),
    ];
    let before = app
        .store
        .list_applications(&gongkai_store::ListQuery {
            agency: Some(gongkai_store::AgencyId::new(&ids.city).unwrap()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .len();
    let r = public.post_form("/apply", &fields).await;
    assert_eq!((r.status, r.header("location")), (303, Some("/apply/done")), "Post/Redirect/Get: {}", r.text());
    let t = public.get("/apply/done").await.text();
    // Reloading the acknowledgement, or sending the same form again, files nothing.
    assert_eq!(public.get("/apply/done").await.text(), t);
    let again = public.post_form("/apply", &fields).await;
    assert_eq!((again.status, again.header("location")), (303, Some("/apply/done")));
    assert_eq!(
        app.store
            .list_applications(&gongkai_store::ListQuery {
                agency: Some(gongkai_store::AgencyId::new(&ids.city).unwrap()),
                limit: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .len(),
        before + 1,
        "filed once"
    );
    let code_at = t.find("id=\"tracking-code\">").unwrap() + 19;
    let code = t[code_at..code_at + t[code_at..].find('<').unwrap()].to_string();
    assert!(gongkai_store::tracking_code_is_valid(&code), "{code}");
    assert!(t.contains("id=\"due-date\">20"), "a due date is shown: {t}");

    // Tracking: a wrong secret is refused, the right one shows the stage.
    let mut other = Client::new(app.addr);
    let csrf2 = other.get("/track").await.csrf();
    let r = other.post_form("/track", &[("csrf", &csrf2), ("code", &code), ("secret", "nope-nope")]).await;
    assert_eq!(r.status, 403);
    let r = other.post_form("/track", &[("csrf", &csrf2), ("code", &code), ("secret", "my-secret-1")]).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("待确认收到"), "{}", r.text());
    assert_eq!(other.get("/track/letter").await.status, 409, "no letter before the reply");

    // Staff confirm receipt and reply; the applicant downloads the letter.
    let id = app.store.find_by_tracking_code(&code).await.unwrap().unwrap();
    let mut staff = Client::new(app.addr);
    let csrf_s = staff.login(&login(&ids, Role::Approver)).await;
    let today = gongkai_web::today().to_string();
    let reasons = "所申请信息已通过电子邮件发送至您的邮箱。";
    // Without the part of the letter the law requires, the answer is refused: no letter with a
    // placeholder reaches the applicant.
    for (event, version, reasons, done) in
        [("confirm_receipt", "1", "", true), ("answer", "2", "", false), ("answer", "2", reasons, true)]
    {
        let r = staff
            .post_form(
                &format!("/console/cases/{id}/events"),
                &[
                    ("csrf", &csrf_s),
                    ("event", event),
                    ("on", &today),
                    ("version", version),
                    ("outcome", "granted"),
                    ("reasons", reasons),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let location = r.header("location").unwrap();
        assert_eq!(location.contains("done=event"), done, "{event} {reasons:?}: {location}");
    }
    let page = staff.get(&format!("/console/cases/{id}")).await.text();
    assert!(page.contains("13800001111"), "the handling agency sees personal data");
    let audit = app.store.audit_log(&format!("application/{id}")).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "view_personal_data"), "the full view is logged");

    let r = other.post_form("/track", &[("csrf", &csrf2), ("code", &code), ("secret", "my-secret-1")]).await;
    assert!(r.text().contains("已办结"));
    let letter = other.get("/track/letter").await;
    assert_eq!(letter.status, 200);
    assert!(letter.text().contains(&code), "the letter quotes the tracking code");
    assert!(letter.text().contains(reasons), "the letter carries the reasons typed");
    assert!(!letter.text().contains(gongkai_render::DRAFT_MARK), "nothing left to fill in");
    let docx = other.get("/track/letter?format=docx").await;
    assert_eq!(docx.status, 200);
    assert!(docx.body.starts_with(b"PK"), "a DOCX file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_accepts_applications_durably_and_answers_errors_in_json() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    let body = format!(
        r#"{{"agency":"{}","applicant":{{"email": "test@example.cn", "kind":"commercial","name":"示例科技有限公司","id_number":"91110000MA01234567","phone":"010-12345678"}},"items":["2025年招标公告"],"delivery":"电子邮件","secret":"s3cret-api"}}"#,
        ids.city
    );
    let r = c.post_json("/api/v1/applications", &body, &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let j = r.json();
    let code = j["tracking_code"].as_str().unwrap().to_string();
    assert!(j["due_date"].as_str().unwrap().len() == 10);
    // Committed before the answer: the store has it now.
    assert!(app.store.find_by_tracking_code(&code).await.unwrap().is_some());

    let r =
        c.request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", "s3cret-api")], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["stage"], "awaiting_confirmation");
    // No deadline before receipt is confirmed, so nothing provisional; no outcome yet.
    assert_eq!(r.json()["due_date_provisional"], false);
    assert!(r.json()["outcome_plain"].is_null());
    let r = c.request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", "wrong")], b"").await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"]["code"], "wrong_secret");
    // The secret was stored under an interim keyed hash; the background worker replaces it with
    // argon2id, and the secret still opens the application.
    let mut stored = String::new();
    for _ in 0..200 {
        stored = app.store.application_secret(&code).await.unwrap().unwrap().1.unwrap();
        if stored.starts_with("$argon2id$") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(stored.starts_with("$argon2id$"), "not upgraded: {stored}");
    let r =
        c.request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", "s3cret-api")], b"").await;
    assert_eq!(r.status, 200);
    let r = c.request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", "wrong")], b"").await;
    assert_eq!(r.status, 403);

    // Malformed and invalid input: 400 / 422 with a code and a Chinese message, never 500.
    let cases: [(&str, u16, &str); 5] = [
        ("{not json", 400, "bad_request"),
        ("", 400, "bad_request"),
        (r#"{"agency": 5}"#, 422, "invalid_input"),
        (
            r#"{"agency":"nope","applicant":{"email": "test@example.cn", "kind":"x","name":"","id_number":""},"items":[],"delivery":"","secret":"1"}"#,
            422,
            "invalid_input",
        ),
        ("[1,2,3]", 422, "invalid_input"),
    ];
    for (body, status, code) in cases {
        let r = c.post_json("/api/v1/applications", body, &[]).await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
        let j = r.json();
        assert_eq!(j["error"]["code"], code, "{body}");
        assert!(j["error"]["message"].as_str().unwrap().chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
    }

    // The published report of last year, and not this year's.
    let year = gongkai_web::today().year();
    let agency = gongkai_store::AgencyId::new(&ids.city).unwrap();
    let report = app.store.compiled_report(&agency, year - 1).await.unwrap();
    let text = gongkai_core::Narrative {
        preamble: "前言".into(),
        overview: "总体".into(),
        problems: "问题".into(),
        other_matters: String::new(),
    };
    let actor = gongkai_store::Actor::new("test").unwrap();
    app.store
        .publish_report(&agency, i32::from(year - 1), &serde_json::to_string(&report).unwrap(), &text, &actor)
        .await
        .unwrap();
    let r = c.get(&format!("/api/v1/reports/{}/{}", ids.city, year - 1)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["year"], i64::from(year - 1));
    assert_eq!(c.get(&format!("/api/v1/reports/{}/{}", ids.city, year)).await.status, 404);
    assert_eq!(c.get("/api/v1/reports/nobody/2025").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_flags_deadlines_and_supervisors_see_masked_data() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    c.login(&login(&ids, Role::Handler)).await;
    let q = c.get("/console").await.text();
    assert!(q.contains(&app.city_code));
    assert!(q.contains("已超期"), "last year's open application is overdue");
    assert!(q.contains("张**"), "names masked in the queue");
    assert!(!q.contains("张三丰"));
    let mut sup = Client::new(app.addr);
    sup.login(&login(&ids, Role::Supervisor)).await;
    let page = sup.get(&format!("/console/cases/{}", app.city_case)).await;
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("13812345678") && page.text().contains("138****5678"));
    assert!(!page.text().contains("id=\"event-form\""), "督查 has no actions");
    let report = sup.get(&format!("/console/reports/{}/{}", ids.housing, gongkai_web::today().year() - 1)).await;
    assert_eq!(report.status, 200, "督查 reads the agencies under it");
    for fmt in ["html", "docx", "xlsx", "json"] {
        let r =
            sup.get(&format!("/console/reports/{}/{}/export/{fmt}", ids.city, gongkai_web::today().year() - 1)).await;
        assert_eq!(r.status, 200, "{fmt}");
        assert!(r.header("content-disposition").unwrap().contains("attachment"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consultations_are_logged_answered_and_read_back() {
    let (app, ids) = start(Config::default()).await;
    let mut public = Client::new(app.addr);
    let csrf = public.get("/ask").await.csrf();
    let r = public
        .post_form(
            "/ask",
            &[
                ("csrf", &csrf),
                ("agency", &ids.city),
                ("name", "赵六"),
                ("question", "公开指南在哪里？"),
                ("secret", "ask-secret"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let t = r.text();
    let at = t.find("id=\"tracking-code\">").unwrap() + 19;
    let code = t[at..at + t[at..].find('<').unwrap()].to_string();
    let mut staff = Client::new(app.addr);
    let csrf_s = staff.login(&login(&ids, Role::Handler)).await;
    let list = staff.get("/console/consultations").await.text();
    assert!(list.contains(&code) && list.contains("赵*"), "masked asker in the list");
    let (c, _) = app.store.consultation_by_code(&code).await.unwrap().unwrap();
    let r = staff
        .post_form(
            &format!("/console/consultations/{}/answer", c.id),
            &[("csrf", &csrf_s), ("answer", "在本平台“公开指南”栏目。")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = public.post_form("/ask/track", &[("csrf", &csrf), ("code", &code), ("secret", "ask-secret")]).await;
    assert!(r.text().contains("公开指南”栏目"), "{}", r.text());
    let r = staff
        .post_form(
            "/console/consultations",
            &[
                ("csrf", &csrf_s),
                ("channel", "phone"),
                ("asked_on", &gongkai_web::today().to_string()),
                ("name", "钱七"),
                ("question", "收费吗？"),
                ("answer", "不收费。"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_disables_accounts_and_resets_passwords_of_its_own_agency_only() {
    let (app, ids) = start(Config { login_per_minute: 10_000, ..Config::default() }).await;
    let registrar = login(&ids, Role::Registrar);
    let mut admin = Client::new(app.addr);
    let csrf = admin.login(&login(&ids, Role::Admin)).await;
    let mut staff = Client::new(app.addr);
    staff.login(&registrar).await;
    assert_eq!(staff.get("/console").await.status, 200);

    let r =
        admin.post_form(&format!("/console/admin/users/{registrar}/active"), &[("csrf", &csrf), ("active", "0")]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("已停用账号"), "{}", r.text());
    assert_eq!(staff.get("/console").await.status, 401, "an open session ends with the account");
    let mut again = Client::new(app.addr);
    let page = again.get("/console/login").await;
    let c = page.csrf();
    let refused =
        again.post_form("/console/login", &[("csrf", &c), ("name", &registrar), ("password", PASSWORD)]).await;
    assert_ne!(refused.status, 303, "a disabled account cannot log in");

    let own = login(&ids, Role::Admin);
    let r = admin.post_form(&format!("/console/admin/users/{own}/active"), &[("csrf", &csrf), ("active", "0")]).await;
    assert_eq!(r.status, 422, "an admin cannot disable itself");
    let r =
        admin.post_form(&format!("/console/admin/users/{registrar}/active"), &[("csrf", &csrf), ("active", "1")]).await;
    assert_eq!(r.status, 200);
    let mut before_reset = Client::new(app.addr);
    before_reset.login(&registrar).await;
    assert_eq!(before_reset.get("/console").await.status, 200);
    let r = admin
        .post_form(&format!("/console/admin/users/{registrar}/password"), &[("csrf", &csrf), ("password", "short")])
        .await;
    assert_eq!(r.status, 422);
    let r = admin
        .post_form(
            &format!("/console/admin/users/{registrar}/password"),
            &[("csrf", &csrf), ("password", "a-new-password-1")],
        )
        .await;
    assert_eq!(r.status, 200);
    let mut fresh = Client::new(app.addr);
    let page = fresh.get("/console/login").await;
    let c = page.csrf();
    let r = fresh
        .post_form("/console/login", &[("csrf", &c), ("name", &registrar), ("password", "a-new-password-1")])
        .await;
    assert_eq!(r.status, 303, "the new password works");
    assert_eq!(before_reset.get("/console").await.status, 401, "a session of the old password has ended");
    assert_eq!(fresh.get("/console").await.status, 200);

    // Another agency's admin does not see this agency's accounts.
    let mut other = Client::new(app.addr);
    let csrf_o = other.login(&format!("other-admin{}", ids.tag)).await;
    let r = other
        .post_form(&format!("/console/admin/users/{registrar}/active"), &[("csrf", &csrf_o), ("active", "0")])
        .await;
    assert_eq!(r.status, 404);
    let log = app.store.audit_log(&format!("user/{registrar}")).await.unwrap();
    assert!(log.len() >= 3, "every change is in the audit log: {log:?}");
}

/// A reply draft whose letter still has a part to fill in (written before the check, or
/// through the store directly) cannot be signed: the approver is told what is missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_letter_with_a_placeholder_cannot_be_signed() {
    use gongkai_core::case::{DenialReason, Event, Outcome};
    let (app, ids) = start(Config::default()).await;
    let id = gongkai_store::ApplicationId(app.city_case);
    let handler = gongkai_store::Actor::new("test-handler").unwrap();
    let today = gongkai_web::today();
    let version = app.store.application_masked(id).await.unwrap().version;
    let denial =
        Event::Answer { on: today, outcome: Outcome::Denied(DenialReason::StateSecret), text: Default::default() };
    app.store.draft_reply(id, version, &denial, &handler).await.unwrap();

    let mut approver = Client::new(app.addr);
    let csrf = approver.login(&login(&ids, Role::Approver)).await;
    let page = approver.get(&format!("/console/cases/{id}")).await.text();
    assert!(page.contains("id=\"draft-letter\"") && page.contains("id=\"draft-incomplete\""), "{page}");
    let r = approver
        .post_form(&format!("/console/cases/{id}/sign"), &[("csrf", &csrf), ("version", &version.to_string())])
        .await;
    assert_eq!(r.status, 303);
    let location = r.header("location").unwrap().to_string();
    assert!(location.contains("error="), "{location}");
    let shown = approver.get(&location).await.text();
    assert!(shown.contains("不能签发") && shown.contains("不予公开的具体理由"), "{shown}");
    assert!(app.store.application_masked(id).await.unwrap().lifecycle.concluded().is_none(), "not answered");
}

/// A returned draft tells its writer why: on the case page and in the case history, with
/// display names and times in Chinese instead of login names and raw timestamps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returned_draft_shows_its_reason_to_the_handler() {
    use gongkai_core::case::{Event, Outcome, ReplyText};
    let (app, ids) = start(Config::default()).await;
    let id = gongkai_store::ApplicationId(app.city_case);
    let handler = gongkai_store::Actor::new(login(&ids, Role::Handler)).unwrap();
    let version = app.store.application_masked(id).await.unwrap().version;
    let text = ReplyText { reasons: "已通过电子邮件提供。".into(), ..ReplyText::default() };
    let answer = Event::Answer { on: gongkai_web::today(), outcome: Outcome::Granted { already_public: false }, text };
    app.store.draft_reply(id, version, &answer, &handler).await.unwrap();

    let mut approver = Client::new(app.addr);
    let csrf = approver.login(&login(&ids, Role::Approver)).await;
    let r = approver
        .post_form(&format!("/console/cases/{id}/return"), &[("csrf", &csrf), ("reason", "请写明提供的邮箱地址")])
        .await;
    assert_eq!(r.status, 303);

    let mut writer = Client::new(app.addr);
    writer.login(&login(&ids, Role::Handler)).await;
    let page = writer.get(&format!("/console/cases/{id}")).await.text();
    let notice = &page[page.find("id=\"draft-returned\"").expect("the return is shown")..];
    assert!(notice[..notice.find("</p>").unwrap()].contains("请写明提供的邮箱地址"), "{notice}");
    let steps = &page[page.find("id=\"events\"").unwrap()..];
    assert!(
        steps.contains("提交答复稿（测试用户）") && steps.contains("退回答复稿（测试用户）：请写明提供的邮箱地址"),
        "{steps}"
    );
    assert!(!steps.contains(&login(&ids, Role::Handler)), "display names, not login names: {steps}");
    let raw = steps.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b'T' && w[2].is_ascii_digit());
    assert!(!raw, "no raw timestamps: {steps}");
}

/// Issue 11, point 2: the annual report is published by an explicit step. Staff write its prose
/// in the console (the draft marks what is left to write); an approver publishes it, which is
/// refused while a section is unfinished; the public page and API show only what was published,
/// as it was published (records changed afterwards do not alter it), titled with the agency's
/// full name, never its internal id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_annual_report_is_written_and_published_in_the_console() {
    let (app, ids) = start(Config::default()).await;
    let year = gongkai_web::today().year() - 1;
    let mut public = Client::new(app.addr);
    let page_path = format!("/reports/{}/{year}", ids.city);
    let api_path = format!("/api/v1/reports/{}/{year}", ids.city);
    assert_eq!(public.get(&page_path).await.status, 404, "nothing before it is published");
    assert_eq!(public.get(&api_path).await.status, 404);

    let mut approver = Client::new(app.addr);
    let csrf = approver.login(&login(&ids, Role::Approver)).await;
    let console = format!("/console/reports/{}/{year}", ids.city);
    let page = approver.get(&console).await.text();
    assert!(page.contains("id=\"report-unpublished\"") && page.contains("id=\"report-unfinished\""), "{page}");
    let draft = |name: &str| {
        let start = page.find(&format!("name=\"{name}\"")).unwrap();
        let text = &page[start..];
        let text = &text[text.find('>').unwrap() + 1..text.find("</textarea>").unwrap()];
        text.replace("&#10;", "\n")
            .replace("&#34;", "\"")
            .replace("&#39;", "'")
            .replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#38;", "&")
    };
    let (preamble, overview) = (draft("preamble"), draft("overview"));
    assert!(overview.contains("【草稿·待编辑】"));
    // Publishing the draft as it is: refused, nothing published.
    let fields: Vec<(&str, String)> = vec![
        ("action", "publish".into()),
        ("preamble", preamble.clone()),
        ("overview", overview.clone()),
        ("problems", "存在的主要问题是答复说理不够充分。".into()),
        ("other_matters", String::new()),
    ];
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
    form.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    let r = approver.post_form(&format!("{console}/narrative"), &form).await;
    assert!(r.header("location").unwrap().contains("error="), "{:?}", r.header("location"));
    assert_eq!(public.get(&page_path).await.status, 404);

    // Written out and published.
    let finish = |t: &str| {
        t.lines()
            .map(|l| if l.contains("【草稿·待编辑】") { "本年度按规定开展此项工作。" } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (preamble, overview) = (finish(&preamble), finish(&overview));
    let form = vec![
        ("csrf", csrf.as_str()),
        ("action", "publish"),
        ("preamble", preamble.as_str()),
        ("overview", overview.as_str()),
        ("problems", "存在的主要问题是答复说理不够充分。"),
        ("other_matters", ""),
    ];
    let r = approver.post_form(&format!("{console}/narrative"), &form).await;
    assert!(r.header("location").unwrap().contains("published="), "{:?}", r.header("location"));
    let published = public.get(&page_path).await;
    assert_eq!(published.status, 200);
    let html = published.text();
    let title = format!("测试市人民政府办公室{year}年政府信息公开工作年度报告");
    assert!(html.contains(&title) && html.contains("存在的主要问题是答复说理不够充分"), "{html}");
    assert!(!html.contains("草稿") && !html.contains(&format!("{}{year}年", ids.city)), "finished, no internal id");
    let json = public.get(&api_path).await.json();
    assert_eq!(json["agency"], "测试市人民政府办公室");
    let t3 = |j: &serde_json::Value| j["values"]["t3.new.total"].as_i64().unwrap_or(0);
    let before = t3(&json);

    // An application of that year registered afterwards: the compiled report changes, the
    // published one does not.
    let bearer = app.bearer(&ids.city, Role::Registrar).await;
    let case = format!(
        r#"{{"applicant":{{"kind":"natural","name":"补登","id_number":"11010519491231002X","phone":"13800001111"}},"channel":"in_person","delivery":"当面领取","registered_on":"{year}-06-02","items":["某文件"]}}"#
    );
    assert_eq!(public.post_json("/api/v1/cases", &case, &[("Authorization", &bearer)]).await.status, 201);
    let staff_view = public.request("GET", &api_path, &[("Authorization", &bearer)], b"").await.json();
    assert_eq!(t3(&staff_view), before + 1, "staff read the report compiled now");
    // Staff listings say whether a due date rests on a published holiday schedule: one received
    // in early December of the last year with a schedule runs into a year without one.
    let last_official = 2026;
    let late = format!(
        r#"{{"applicant":{{"kind":"natural","name":"年末","id_number":"11010519491231002X","phone":"13800001111"}},"channel":"in_person","delivery":"当面领取","registered_on":"{last_official}-12-01","items":["某文件"]}}"#
    );
    let created = public.post_json("/api/v1/cases", &late, &[("Authorization", &bearer)]).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let queue = public.request("GET", "/api/v1/queue", &[("Authorization", &bearer)], b"").await.json();
    let rows = queue.as_array().unwrap();
    assert!(rows.iter().all(|r| r["due_date_provisional"].is_boolean()), "{queue}");
    let row = rows
        .iter()
        .find(|r| r["due_date"].as_str().is_some_and(|d| d.starts_with("2026-12-29")))
        .expect("the late case");
    assert_eq!(row["due_date_provisional"], true, "{row}");
    let one = public.request("GET", &format!("/api/v1/cases/{}", row["id"]), &[("Authorization", &bearer)], b"").await;
    assert_eq!(one.json()["due_date_provisional"], true);
    assert_eq!(t3(&public.get(&api_path).await.json()), before, "the public reads it as published");
    let audit = app.store.audit_log(&format!("report/{}/{year}", ids.city)).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "publish_report"));
}

/// Issue 11, point 2: the office enters table 二 in the console. A bad figure refuses the whole
/// form (nothing saved, the row named); saved figures appear in the compiled report and in the
/// audit log; emptying a field clears it; a reader without the right to handle cannot save.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn table_two_is_entered_in_the_console() {
    let (app, ids) = start(Config::default()).await;
    let year = gongkai_web::today().year() - 1;
    let console = format!("/console/reports/{}/{year}", ids.city);
    let city = gongkai_store::AgencyId::new(&ids.city).unwrap();
    let mut handler = Client::new(app.addr);
    let csrf = handler.login(&login(&ids, Role::Handler)).await;
    let page = handler.get(&console).await.text();
    assert!(page.contains("id=\"table2-form\"") && page.contains("id=\"table2-missing\""), "{page}");
    assert!(page.contains("name=\"t2.licensing.decisions\""));

    let bad = [("csrf", csrf.as_str()), ("t2.licensing.decisions", "120"), ("t2.penalty.decisions", "十二")];
    let r = handler.post_form(&format!("{console}/table2"), &bad).await;
    let location = r.header("location").unwrap().to_string();
    assert!(location.contains("t2error="), "{location}");
    let shown = handler.get(&location).await.text();
    assert!(shown.contains("id=\"table2-error\"") && shown.contains("行政处罚·本年处理决定数量"), "the row is named");
    assert!(app.store.table2_inputs(&city, year).await.unwrap().is_empty(), "all or nothing");

    let good = [
        ("csrf", csrf.as_str()),
        ("t2.licensing.decisions", "1,200"),
        ("t2.penalty.decisions", "12"),
        ("t2.fees.amount_wan", "3.5"),
        ("t2.coercion.decisions", ""),
    ];
    let r = handler.post_form(&format!("{console}/table2"), &good).await;
    assert!(r.header("location").unwrap().contains("saved=table2"), "{:?}", r.header("location"));
    let json = handler.get(&format!("{console}/export/json")).await.json();
    assert_eq!(json["values"]["t2.licensing.decisions"], 1200);
    assert_eq!(json["values"]["t2.penalty.decisions"], 12);
    assert_eq!(json["values"]["t2.fees.amount_wan"], 3.5);
    let log = app.store.audit_log(&format!("table2/{}/{year}", ids.city)).await.unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|e| e.actor == login(&ids, Role::Handler)), "who entered them");

    let clear = [("csrf", csrf.as_str()), ("t2.penalty.decisions", " ")];
    handler.post_form(&format!("{console}/table2"), &clear).await;
    let inputs = app.store.table2_inputs(&city, year).await.unwrap();
    assert!(!inputs.contains_key("t2.penalty.decisions") && inputs.contains_key("t2.licensing.decisions"));

    // A supervisor reads the page but saves nothing.
    let mut supervisor = Client::new(app.addr);
    let csrf_s = supervisor.login(&login(&ids, Role::Supervisor)).await;
    let r =
        supervisor.post_form(&format!("{console}/table2"), &[("csrf", &csrf_s), ("t2.penalty.decisions", "1")]).await;
    assert_eq!(r.status, 403);
}

/// Issue 11 (3): a submission retried through the API with its `Idempotency-Key` files once —
/// sent again, or ten times at once — and answers the first registration again; the same key
/// with another body is refused; staff keys are their agency's own.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_retried_submission_with_its_key_files_once() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    // This test's agencies only: on PostgreSQL the tests share one database.
    let count = async || -> i64 {
        let mut n = 0;
        for agency in [&ids.city, &ids.other] {
            let query = gongkai_store::ListQuery {
                agency: Some(gongkai_store::AgencyId::new(agency).unwrap()),
                limit: 1000,
                ..Default::default()
            };
            n += app.store.list_applications(&query).await.unwrap().len() as i64;
        }
        n
    };
    let body = |n: u32| {
        format!(
            r#"{{"agency":"{}","applicant":{{"email": "test@example.cn", "kind":"natural","name":"重试{n}","id_number":"11010519491231002X","phone":"13800001111"}},"items":["第{n}项"],"delivery":"电子邮件","secret":"retry-secret"}}"#,
            ids.city
        )
    };
    let before = count().await;
    let mut c = Client::new(app.addr);
    let key = [("Idempotency-Key", "0b6f5c1e-7a43-4d7e-9a57-3f1b2c4d5e6f")];
    let first = c.post_json("/api/v1/applications", &body(1), &key).await;
    assert_eq!(first.status, 201, "{}", first.text());
    assert!(first.header("idempotent-replayed").is_none());
    let again = c.post_json("/api/v1/applications", &body(1), &key).await;
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["tracking_code"], first.json()["tracking_code"]);
    assert_eq!(again.json()["due_date"], first.json()["due_date"]);
    assert_eq!(count().await, before + 1);

    // Ten at once with a new key: one application.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (addr, b) = (app.addr, body(2));
        tasks.push(tokio::spawn(async move {
            let r =
                Client::new(addr).post_json("/api/v1/applications", &b, &[("Idempotency-Key", "burst-key-2")]).await;
            assert_eq!(r.status, 201, "{}", r.text());
            r.json()["tracking_code"].as_str().unwrap().to_string()
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    codes.dedup();
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(count().await, before + 2);

    // The same key with another body; keys that are not keys.
    let r = c.post_json("/api/v1/applications", &body(3), &key).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"]["code"], "idempotency_key_reused");
    let long = "k".repeat(201);
    for bad in ["with space", long.as_str(), "中文"] {
        let r = c.post_json("/api/v1/applications", &body(4), &[("Idempotency-Key", bad)]).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    assert_eq!(count().await, before + 2);

    // Staff registration: once per key, and one agency's key is not another's.
    let mut tokens = Vec::new();
    for agency in [&ids.city, &ids.other] {
        tokens.push(app.bearer(agency, Role::Registrar).await);
    }
    let case = r#"{"applicant":{"email": "test@example.cn", "kind":"natural","name":"窗口申请人","id_number":"11010519491231002X","phone":"13800001111","address":""},"channel":"in_person","delivery":"当面领取","registered_on":"2025-03-03","items":["某文件"]}"#;
    let mut ids_seen = Vec::new();
    for token in [&tokens[0], &tokens[0], &tokens[1]] {
        let r = c.post_json("/api/v1/cases", case, &[("Authorization", token), ("Idempotency-Key", "paper-1")]).await;
        assert_eq!(r.status, 201, "{}", r.text());
        ids_seen.push(r.json()["id"].as_i64().unwrap());
    }
    assert_eq!(ids_seen[0], ids_seen[1], "a retry");
    assert_ne!(ids_seen[0], ids_seen[2], "another agency's key space");
    assert_eq!(count().await, before + 4);
}

/// Issue 11 (6): the application of the standard template — 证件类型 with each number checked
/// for its type, e-mail required for delivery by e-mail, and for organisations the credit code
/// (check character), 法定代表人 and 联系人 — through the API as through the form; staff of the
/// agency see them in full on the case page, others masked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applications_carry_the_fields_of_the_standard_form() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let mut c = Client::new(app.addr);
    let post = |applicant: serde_json::Value, delivery: &str| {
        serde_json::json!({"agency": ids.city, "applicant": applicant, "items": ["某文件"], "delivery": delivery, "secret": "fields-secret"})
            .to_string()
    };
    // (applicant, delivery, accepted, a word of the message when refused)
    let cases: Vec<(serde_json::Value, &str, bool, &str)> = vec![
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_type": "passport", "id_number": "E12345678", "phone": "1"}),
            "邮寄",
            true,
            "",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_type": "passport", "id_number": "护照1", "phone": "1"}),
            "邮寄",
            false,
            "护照",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_type": "hk_macao_permit", "id_number": "H12345678", "phone": "1"}),
            "邮寄",
            true,
            "",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_type": "resident_id", "id_number": "110105194912310021", "phone": "1"}),
            "邮寄",
            false,
            "校验位",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_number": "11010519491231002X", "phone": "1"}),
            "电子邮件",
            false,
            "电子邮箱",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_number": "11010519491231002X", "phone": "1", "email": "not-an-address"}),
            "电子邮件",
            false,
            "电子邮箱",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_number": "11010519491231002X", "phone": "1", "email": "jia@example.cn"}),
            "电子邮件",
            true,
            "",
        ),
        (
            serde_json::json!({"kind": "commercial", "name": "某公司", "id_type": "credit_code", "id_number": "91350100M000100Y44", "phone": "1"}),
            "邮寄",
            false,
            "统一社会信用代码",
        ),
        (
            serde_json::json!({"kind": "commercial", "name": "某公司", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "1"}),
            "邮寄",
            false,
            "法人或其他组织",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_type": "credit_code", "id_number": "91350100M000100Y43", "phone": "1"}),
            "邮寄",
            false,
            "统一社会信用代码",
        ),
        (
            serde_json::json!({"kind": "natural", "name": "甲", "id_type": "driving_licence", "id_number": "1", "phone": "1"}),
            "邮寄",
            false,
            "证件类型",
        ),
    ];
    for (applicant, delivery, accepted, word) in cases {
        let r = c.post_json("/api/v1/applications", &post(applicant.clone(), delivery), &[]).await;
        if accepted {
            assert_eq!(r.status, 201, "{applicant}: {}", r.text());
        } else {
            assert_eq!(r.status, 422, "{applicant}: {}", r.text());
            let message = r.json()["error"]["message"].as_str().unwrap().to_string();
            assert!(message.contains(word), "{applicant}: {message}");
        }
    }
    let org = serde_json::json!({"kind": "commercial", "name": "示例科技有限公司", "id_type": "credit_code",
        "id_number": "91350100M000100Y43", "phone": "0591-12345678", "email": "office@example.cn",
        "representative": "张法人", "contact_person": "李联系"});
    let r = c.post_json("/api/v1/applications", &post(org, "电子邮件"), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let code = r.json()["tracking_code"].as_str().unwrap().to_string();
    let (id, _) = app.store.application_secret(&code).await.unwrap().unwrap();
    let mut staff = Client::new(app.addr);
    staff.login(&login(&ids, Role::Handler)).await;
    let page = staff.get(&format!("/console/cases/{}", id.0)).await.text();
    for shown in ["统一社会信用代码 91350100M000100Y43", "office@example.cn", "张法人", "李联系"] {
        assert!(page.contains(shown), "{shown} on the case page");
    }
    // A supervisor of the city sees the case masked.
    let mut supervisor = Client::new(app.addr);
    supervisor.login(&login(&ids, Role::Supervisor)).await;
    let masked = supervisor.get(&format!("/console/cases/{}", id.0)).await;
    if masked.status == 200 {
        let t = masked.text();
        assert!(!t.contains("office@example.cn") && !t.contains("张法人"), "masked for others");
    }
}

/// Issue 11 (6): an application registered at the counter gets a tracking secret, printed once
/// on its receipt with the tracking code; the applicant follows it online with them. Through
/// the API the secret made is returned once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_registration_prints_a_receipt_with_code_and_secret() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let mut clerk = Client::new(app.addr);
    clerk.login(&login(&ids, Role::Registrar)).await;
    let csrf = clerk.get("/console/cases/new").await.csrf();
    let today = gongkai_web::today().to_string();
    let r = clerk
        .post_form(
            "/console/cases",
            &[
                ("csrf", &csrf),
                ("channel", "in_person"),
                ("registered_on", &today),
                ("applicant_kind", "natural"),
                ("name", "窗口甲"),
                ("id_type", "resident_id"),
                ("id_number", "11010519491231002X"),
                ("phone", "13800001111"),
                ("items", "某项目批复"),
                ("delivery", "当面领取"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let receipt_path = r.header("location").unwrap().to_string();
    assert!(receipt_path.ends_with("/receipt"), "{receipt_path}");
    let receipt = clerk.get(&receipt_path).await.text();
    let between =
        |t: &str, id: &str| t.split(&format!("id=\"{id}\">")).nth(1).unwrap().split('<').next().unwrap().to_string();
    let (code, secret) = (between(&receipt, "receipt-code"), between(&receipt, "receipt-secret"));
    assert!(receipt.contains("政府信息公开申请登记回执") && receipt.contains("某项目批复"));
    assert_eq!(secret.len(), 14, "{secret}");
    // Shown once.
    let again = clerk.get(&receipt_path).await.text();
    assert!(!again.contains("receipt-secret") && again.contains("receipt-no-secret"));
    // The applicant follows the case with them.
    let mut public = Client::new(app.addr);
    let r =
        public.request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", &secret)], b"").await;
    assert_eq!(r.status, 200, "{}", r.text());

    // The API makes one too, and returns it once.
    let bearer = app.bearer(&ids.city, Role::Registrar).await;
    let case = r#"{"applicant":{"kind":"natural","name":"信件乙","id_number":"11010519491231002X","phone":"13800001111"},"channel":"post_signed","delivery":"邮寄","registered_on":"2025-03-03","items":["某文件"]}"#;
    let r = clerk.post_json("/api/v1/cases", case, &[("Authorization", &bearer)]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let (code, secret) = (
        r.json()["tracking_code"].as_str().unwrap().to_string(),
        r.json()["tracking_secret"].as_str().unwrap().to_string(),
    );
    let r =
        public.request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", &secret)], b"").await;
    assert_eq!(r.status, 200, "{}", r.text());
}

/// Issue 11 (5): a 补正 round trip online. The handler must state what to correct (Art. 30:
/// at once, with a period); the applicant reads the notice when tracking and submits the
/// correction there; the reply period then runs from that day (not from the day the
/// application was received): the same due date as an application received that day. Staff
/// see what was asked and what came back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_correction_is_asked_read_and_submitted_online() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let bearer = app.bearer(&ids.city, Role::Admin).await;
    let today = gongkai_web::today();
    let days_ago = |n: i64| today.checked_sub(jiff::Span::new().days(n)).unwrap().to_string();
    let mut public = Client::new(app.addr);
    // Received at the counter ten days ago, and a control received today.
    let mut cases = Vec::new();
    for (on, secret) in [(days_ago(10), "corr-secret-1"), (today.to_string(), "corr-secret-2")] {
        let body = serde_json::json!({"applicant": {"kind": "natural", "name": "补正人", "id_number": "11010519491231002X",
            "phone": "13800001111"}, "channel": "in_person", "delivery": "邮寄", "registered_on": on,
            "items": ["去年的那个文件"], "secret": secret});
        let r = public.post_json("/api/v1/cases", &body.to_string(), &[("Authorization", &bearer)]).await;
        assert_eq!(r.status, 201, "{}", r.text());
        cases.push((r.json()["id"].as_i64().unwrap(), r.json()["tracking_code"].as_str().unwrap().to_string(), secret));
    }
    let due = async |code: &str, secret: &str| -> String {
        let r = Client::new(app.addr)
            .request("GET", &format!("/api/v1/applications/{code}"), &[("X-Tracking-Secret", secret)], b"")
            .await;
        r.json()["due_date"].as_str().unwrap().to_string()
    };
    let first_due = due(&cases[0].1, cases[0].2).await;
    let control_due = due(&cases[1].1, cases[1].2).await;
    assert_ne!(first_due, control_due);

    let mut staff = Client::new(app.addr);
    let csrf = staff.login(&login(&ids, Role::Handler)).await;
    let (asked_on, by) = (days_ago(5), today.checked_add(jiff::Span::new().days(10)).unwrap().to_string());
    let what = "请写明所需文件的名称、文号或发文日期";
    let id = cases[0].0;
    let mut ask = async |what: &str| -> String {
        let fields = [
            ("csrf", csrf.as_str()),
            ("version", "1"),
            ("event", "request_correction"),
            ("on", asked_on.as_str()),
            ("correct_by", by.as_str()),
            ("what", what),
        ];
        let r = staff.post_form(&format!("/console/cases/{id}/events"), &fields).await;
        assert_eq!(r.status, 303, "{}", r.text());
        r.header("location").unwrap().to_string()
    };
    // Without the matters to correct, the notice is refused.
    assert!(!ask("").await.contains("done=drafted"));
    // The handler's notice is a draft: nothing reaches the applicant until an approver, who
    // reads it rendered, signs it (签发).
    assert!(ask(what).await.contains("done=drafted"));
    let csrf_p = public.get("/track").await.csrf();
    let r = public.post_form("/track", &[("csrf", &csrf_p), ("code", &cases[0].1), ("secret", cases[0].2)]).await;
    assert!(!r.text().contains("id=\"correction-notice\""), "not sent before 签发");
    let mut approver = Client::new(app.addr);
    let csrf_a = approver.login(&login(&ids, Role::Approver)).await;
    let queue = approver.get("/console").await.text();
    assert!(queue.contains("补正告知书待签发") && queue.contains("id=\"to-sign\""), "{queue}");
    let page = approver.get(&format!("/console/cases/{id}")).await.text();
    let preview = &page[page.find("id=\"draft-letter\"").expect("the notice rendered for the approver")..];
    assert!(preview.contains("补正告知书") && preview.contains(what), "{preview}");
    assert!(page.contains("待签发的补正告知书"));
    let r = approver.post_form(&format!("/console/cases/{id}/sign"), &[("csrf", &csrf_a), ("version", "1")]).await;
    assert_eq!(r.header("location"), Some(format!("/console/cases/{id}?done=signed").as_str()), "{}", r.text());
    assert!(approver.get(&format!("/console/cases/{id}?done=signed")).await.text().contains("补正告知书已签发"));

    // The applicant reads the notice and corrects online.
    let r = public.post_form("/track", &[("csrf", &csrf_p), ("code", &cases[0].1), ("secret", cases[0].2)]).await;
    assert_eq!(r.status, 200);
    let page = r.text();
    assert!(page.contains("id=\"correction-notice\"") && page.contains(what), "{page}");
    let version = r.field("version");
    let correction = "文件为示政发〔2025〕3号《关于某项目的批复》";
    let r = public
        .post_form("/track/correction", &[("csrf", &csrf_p), ("version", &version), ("correction", correction)])
        .await;
    assert_eq!((r.status, r.header("location")), (303, Some("/track?view=current&done=corrected")), "{}", r.text());
    let page = public.get("/track?view=current&done=corrected").await.text();
    assert!(page.contains("id=\"track-message\"") && !page.contains("id=\"correction-notice\""), "{page}");
    // Nothing left to correct.
    let again =
        public.post_form("/track/correction", &[("csrf", &csrf_p), ("version", "3"), ("correction", "x")]).await;
    assert_eq!(again.status, 422);

    // The period runs again from the day of the correction (today).
    assert_eq!(due(&cases[0].1, cases[0].2).await, control_due);
    let case = staff.get(&format!("/console/cases/{id}")).await.text();
    assert!(case.contains(what) && case.contains(correction), "the history shows the notice and the correction");
}

/// Issue 11 (5): an extension is told to the applicant with its reasons (Art. 33), a
/// consultation names whom it asks (Art. 32); neither is recorded without them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extensions_and_consultations_say_why_and_whom() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let mut public = Client::new(app.addr);
    let body = serde_json::json!({"agency": ids.city, "applicant": {"kind": "natural", "name": "延期人", "id_number": "11010519491231002X",
        "phone": "13800001111"}, "items": ["某文件"], "delivery": "邮寄", "secret": "ext-secret-1"});
    let r = public.post_json("/api/v1/applications", &body.to_string(), &[]).await;
    let code = r.json()["tracking_code"].as_str().unwrap().to_string();
    let id = app.store.find_by_tracking_code(&code).await.unwrap().unwrap();
    let mut staff = Client::new(app.addr);
    let csrf = staff.login(&login(&ids, Role::Approver)).await;
    let today = gongkai_web::today().to_string();
    let mut record = async |version: &str, fields: &[(&str, &str)]| -> bool {
        let mut all = vec![("csrf", csrf.as_str()), ("on", today.as_str()), ("version", version)];
        all.extend_from_slice(fields);
        let r = staff.post_form(&format!("/console/cases/{id}/events"), &all).await;
        r.header("location").unwrap().contains("done=event")
    };
    assert!(record("1", &[("event", "confirm_receipt")]).await);
    assert!(!record("2", &[("event", "start_consultation"), ("party", "third_party"), ("whom", "")]).await);
    assert!(record("2", &[("event", "start_consultation"), ("party", "third_party"), ("whom", "某建设公司")]).await);
    let mut reader = Client::new(app.addr);
    reader.login(&login(&ids, Role::Handler)).await;
    let page = reader.get(&format!("/console/cases/{id}")).await.text();
    assert!(page.contains("第三方答复期限") && page.contains("某建设公司"), "the third party and its period");
    assert!(record("3", &[("event", "end_consultation")]).await);
    assert!(!record("4", &[("event", "approve_extension"), ("extension_reasons", " ")]).await);
    let why = "所申请信息涉及多个年度的档案，需要调取核对";
    assert!(record("4", &[("event", "approve_extension"), ("extension_reasons", why)]).await);
    let csrf_p = public.get("/track").await.csrf();
    let page =
        public.post_form("/track", &[("csrf", &csrf_p), ("code", &code), ("secret", "ext-secret-1")]).await.text();
    assert!(page.contains(why), "the applicant reads why");
    assert!(!page.contains("某建设公司"), "the third party is not named to the applicant");
    // The notices as documents: the applicant gets the 延期答复告知书 (event 3: receipt,
    // consultation, its end, the extension), not the letter to the third party (event 1).
    let notice = public.get("/track/notices/3").await;
    assert_eq!(notice.status, 200);
    let t = notice.text();
    assert!(t.contains("延期答复告知书") && t.contains("第三十三条第二款") && t.contains(why), "{t}");
    assert_eq!(public.get("/track/notices/1").await.status, 404);
    let docx = public.get("/track/notices/3?format=docx").await;
    assert!(docx.header("content-type").is_some_and(|v| v.contains("wordprocessingml")));
    // Staff get both, the 征求第三方意见书 addressed to the third party, naming no applicant.
    let letter = reader.get(&format!("/console/cases/{id}/notices/1")).await.text();
    assert!(
        letter.contains("征求第三方意见书") && letter.contains("某建设公司：") && !letter.contains("延期人"),
        "{letter}"
    );
    let case = reader.get(&format!("/console/cases/{id}")).await.text();
    assert!(
        case.contains(&format!("/console/cases/{id}/notices/1"))
            && case.contains(&format!("/console/cases/{id}/notices/3"))
    );
}

/// Issue 11, point 8: the catalog lists newest first with page numbers, a branch lists what its
/// sub-branches hold, and a 政策解读 and its document link to each other — set in the console by
/// the document's 索引号, shown on both public pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_pages_newest_first_and_links_interpretations() {
    use gongkai_core::publish::{Action, Channel, Disclosure, DocKind, Genre, ItemFields, Topic, Validity};
    use jiff::civil::date;
    let (app, ids) = start(Config::default()).await;
    let city = gongkai_store::AgencyId::new(&ids.city).unwrap();
    let actor = |n: &str| gongkai_store::Actor::new(n).unwrap();
    let branch = app.store.add_catalog_node(&city, None, "政策文件", &actor("admin")).await.unwrap();
    let leaf = app.store.add_catalog_node(&city, Some(branch.id), "行政规范性文件", &actor("admin")).await.unwrap();
    let mut published = Vec::new();
    for n in 0..55i32 {
        let on = date(2024, 1, 1).checked_add(jiff::Span::new().days(i64::from((n * 37) % 300))).unwrap();
        let kind = if n == 0 { DocKind::Normative } else { DocKind::Other };
        let fields = ItemFields {
            title: format!("测试文件{n:02}"),
            body_html: format!("<p>测试文件{n:02}的正文。</p>"),
            doc_number: None,
            issuer: "测试市人民政府办公室".into(),
            written_on: date(2024, 1, 1),
            topic: Topic::General,
            genre: Genre::Circular,
            kind,
            disclosure: Disclosure::Proactive,
            validity: (kind == DocKind::Normative).then_some(Validity::Effective { since: date(2024, 1, 1) }),
            channels: vec![Channel::Website],
            attachments: Vec::new(),
        };
        let node = (n < 3).then_some(leaf.id);
        let item = app.store.create_item(&city, fields, node, &actor("起草人")).await.unwrap();
        let approve = Action::Approve { opinion: "不涉密".into() };
        let r = app.store.item_action(item.id, item.version, &approve, &actor("审查人")).await.unwrap();
        app.store.item_action(item.id, r.version, &Action::Publish { on }, &actor("发布人")).await.unwrap();
        published.push((on, item.id.0, item.index_no));
    }
    let mut public = Client::new(app.addr);
    let first = public.get(&format!("/catalog/{}", ids.city)).await.text();
    assert!(first.contains("第 1 / 2 页") && first.contains("共 55 条"), "{first}");
    let dates: Vec<&str> = first
        .match_indices("<tr><td>")
        .map(|(i, _)| &first[i..])
        .filter_map(|row| row.split_once("</td></tr>").map(|(r, _)| r))
        .filter_map(|r| r.rsplit("<td>").next())
        .collect();
    assert_eq!(dates.len(), 50);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first: {dates:?}");
    let newest = published.iter().map(|p| p.0).max().unwrap().to_string();
    assert_eq!(dates[0], newest);
    let second = public.get(&format!("/catalog/{}?page=2", ids.city)).await.text();
    assert!(second.contains("第 2 / 2 页") && second.contains("rel=\"prev\""));
    assert_eq!(second.matches("<tr><td>").count(), 5);
    let junk = public.get(&format!("/catalog/{}?page=abc", ids.city)).await;
    assert_eq!(junk.status, 200, "a bad page number is the first page");
    let in_branch = public.get(&format!("/catalog/{}?node={}", ids.city, branch.id.0)).await.text();
    assert!(in_branch.contains("共 3 条"), "the branch holds its leaf's items");

    // The handler links document 1 (an interpretation) to document 0, by its 索引号.
    let (doc, reading) = (&published[0], &published[1]);
    let mut handler = Client::new(app.addr);
    let csrf = handler.login(&login(&ids, Role::Handler)).await;
    let path = format!("/console/items/{}/interprets", reading.1);
    let r = handler.post_form(&path, &[("csrf", &csrf), ("index_no", "NOPE/2024-99999")]).await;
    assert!(r.header("location").unwrap().contains("error="));
    let r = handler.post_form(&path, &[("csrf", &csrf), ("index_no", &doc.2)]).await;
    assert!(r.header("location").unwrap().ends_with("done=linked"), "{:?}", r.header("location"));
    let page = public.get(&format!("/items/{}", reading.1)).await.text();
    assert!(page.contains("id=\"item-interprets\"") && page.contains(&format!("href=\"/items/{}\"", doc.1)), "{page}");
    let page = public.get(&format!("/items/{}", doc.1)).await.text();
    assert!(page.contains("id=\"item-interpreted-by\"") && page.contains(&format!("href=\"/items/{}\"", reading.1)));
    let console = handler.get(&format!("/console/items/{}", doc.1)).await.text();
    assert!(console.contains("id=\"item-interpreted-by\"") && console.contains("测试文件01"));
    // Another agency's staff cannot link it.
    let mut other = Client::new(app.addr);
    let csrf_o = other.login(&format!("other-admin{}", ids.tag)).await;
    let r = other.post_form(&path, &[("csrf", &csrf_o), ("index_no", "")]).await;
    assert!(matches!(r.status, 403 | 404), "{}", r.status);
}

/// Issue 11, point 10: every message of a refused form links to its field (the portal's
/// application and consultation forms, the console's counter registration).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_errors_link_to_their_fields() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let mut c = Client::new(app.addr);
    let csrf = c.get("/apply").await.csrf();
    let r = c
        .post_form(
            "/apply",
            &[
                ("csrf", &csrf),
                ("agency", &ids.city),
                ("applicant_kind", "natural"),
                ("name", "张三"),
                ("id_type", "resident_id"),
                ("id_number", "123456"),
                ("delivery", "电子邮件"),
                ("secret", "short"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    let page = r.text();
    for field in ["id_number", "email", "phone", "items", "secret"] {
        assert!(page.contains(&format!("<a href=\"#{field}\">")), "{field}: {page}");
        assert!(page.contains(&format!("id=\"{field}\"")), "the link's target exists: {field}");
    }
    let csrf = c.get("/ask").await.csrf();
    let page = c.post_form("/ask", &[("csrf", &csrf), ("agency", &ids.city)]).await.text();
    assert!(page.contains("<a href=\"#question\">") && page.contains("id=\"question\""), "{page}");
    let mut staff = Client::new(app.addr);
    let csrf = staff.login(&login(&ids, Role::Registrar)).await;
    let r = staff
        .post_form(
            "/console/cases",
            &[
                ("csrf", &csrf),
                ("applicant_kind", "natural"),
                ("channel", "in_person"),
                ("registered_on", "2025-13-01"),
                ("name", "张三"),
                ("id_number", "11010519491231002X"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("<a href=\"#registered_on\">"), "{}", r.text());
}
