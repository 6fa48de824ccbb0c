//! Fuzz target: any bytes as the JSON body of the API's write routes, through the whole app
//! (extractors, validation, store) on one SQLite database: no body may make the server answer
//! 500 or panic. The first byte chooses the route; a staff token is made once.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, header};
use gongkai_store::{Actor, AgencyId, Role, Store};
use gongkai_web::{AppState, Config, build_app};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

struct Harness {
    rt: tokio::runtime::Runtime,
    app: axum::Router,
    token: String,
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        let (app, token) = rt.block_on(async {
            let dir = std::env::temp_dir().join(format!("gongkai-fuzz-api-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let store = Store::open(&format!("sqlite://{}?mode=rwc", dir.join("f.sqlite3").display())).await.unwrap();
            let actor = Actor::new("fuzz").unwrap();
            let agency = AgencyId::new("fuzz").unwrap();
            store.create_agency(&agency, "模糊测试市人民政府办公室", &actor).await.unwrap();
            let token = gongkai_web::auth::new_api_token();
            store.create_token(&agency, "fuzz", Role::Admin, &gongkai_web::auth::token_hash(&token), &actor).await.unwrap();
            let config = Config { public_per_minute: u32::MAX, login_per_minute: u32::MAX, ..Config::default() };
            (build_app(AppState::new(store, config).await.unwrap()), token)
        });
        Harness { rt, app, token }
    })
}

const ROUTES: [&str; 4] = ["/api/v1/applications", "/api/v1/consultations", "/api/v1/cases", "/api/v1/staff/consultations"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else { return };
    let h = harness();
    let path = ROUTES[first as usize % ROUTES.len()];
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {}", h.token))
        .body(Body::from(body.to_vec()))
        .unwrap();
    let status = h.rt.block_on(h.app.clone().oneshot(req)).unwrap().status();
    assert!(status.as_u16() < 500, "{path} answered {status} to {:?}", String::from_utf8_lossy(body));
});
