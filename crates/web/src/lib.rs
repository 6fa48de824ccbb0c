//! gongkai's web platform: the public portal (公开指南, 公开目录, annual reports, online
//! applications and consultations with tracking), the staff console (queue, casework, reports,
//! administration) and the JSON API under `/api/v1`, all from one [`build_app`].

mod api;
pub mod auth;
mod console;
pub mod deadline;
pub mod error;
mod files;
mod metrics;
mod portal;
mod publishing;
mod search;
pub mod secrets;
pub mod security;
mod service;
pub mod sessions;
pub mod supervision;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use gongkai_core::calendar::Calendar;
use gongkai_search::SearchService;
use gongkai_store::Store;
use tokio::sync::RwLock;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub use error::{Error, Result};
pub use sessions::DbSessionStore;

/// Settings of a running platform.
#[derive(Debug, Clone)]
pub struct Config {
    /// Session cookies only over HTTPS (the default; `false` for plain-HTTP development).
    pub secure_cookies: bool,
    /// A console session ends after this long without a request.
    pub session_idle: time::Duration,
    /// Public form submissions (applications, consultations, tracking) per client and minute.
    pub public_per_minute: u32,
    /// Login attempts per client and minute (and per account, and secret attempts per tracking
    /// code, whoever makes them).
    pub login_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client (rate limits, logs); empty: the
    /// socket peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The folder of this node's search index; `None` keeps it in memory (tests), rebuilt from
    /// the database at start.
    pub search_index: Option<std::path::PathBuf>,
    /// The key of interim tracking-secret hashes (see [`secrets`]); the same on every node.
    pub secret_key: secrets::SecretKey,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            secure_cookies: true,
            session_idle: time::Duration::hours(8),
            public_per_minute: 30,
            login_per_minute: 10,
            trusted_proxies: Vec::new(),
            search_index: None,
            secret_key: secrets::SecretKey::random(),
        }
    }
}

/// Everything a handler needs. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    /// The working-day calendar (official schedule plus imported years).
    pub calendar: Arc<RwLock<Calendar>>,
    pub limiter: Arc<security::RateLimiter>,
    /// Applicants' tracking secrets: sealed, checked, upgraded (see [`secrets`]).
    pub secrets: Arc<secrets::TrackingSecrets>,
    /// Full-text search of the published items (this node's index, following the database).
    pub search: SearchService,
    /// Supervision's parsed reports and agency tree, kept while the registry is unchanged.
    pub supervision: Arc<supervision::Cache>,
    /// Request counts and latencies for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    /// The state over an opened store (loads the calendar once).
    pub async fn new(store: Store, config: Config) -> Result<AppState> {
        let calendar = store.calendar().await?;
        let limiter = security::RateLimiter::new(config.public_per_minute, config.login_per_minute);
        let search = match &config.search_index {
            Some(dir) => SearchService::open(dir),
            None => SearchService::in_ram(),
        }
        .map_err(Error::internal)?;
        // A new index is built from the database; an existing one catches up with what was
        // published or withdrawn while this node was down.
        let caught_up = if search.index().cursor() == 0 {
            search.reindex(&store, |_| {}).await.map(|n| n as usize)
        } else {
            search.catch_up(&store).await
        };
        caught_up.map_err(Error::internal)?;
        let secrets = Arc::new(secrets::TrackingSecrets::start(config.secret_key.clone(), store.clone()));
        Ok(AppState {
            store,
            config: Arc::new(config),
            calendar: Arc::new(RwLock::new(calendar)),
            limiter: Arc::new(limiter),
            secrets,
            search,
            supervision: Arc::default(),
            metrics: Arc::default(),
        })
    }

    /// Today in Asia/Shanghai (China Standard Time, UTC+8, no daylight saving).
    pub fn today(&self) -> jiff::civil::Date {
        today()
    }
}

/// Today's date in China (UTC+8).
pub fn today() -> jiff::civil::Date {
    gongkai_store::today()
}

pub use gongkai_store::local_time_zh;

const STYLE_CSS: &str = include_str!("../static/style.css");
const APP_JS: &str = include_str!("../static/app.js");

async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE_CSS)
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        APP_JS,
    )
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.store.agencies().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

async fn not_found() -> Error {
    Error::NotFound("页面不存在".into())
}

/// The whole application: portal, console, API, OpenAPI, health, assets; sessions and security
/// headers on everything. Used by `gongkai serve` and by the tests.
pub fn build_app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.store.clone()))
        .with_name("gongkai_session")
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_expiry(Expiry::OnInactivity(state.config.session_idle));
    let (api_router, mut openapi) = api::router();
    let (api_files, files_doc) = api::files_router();
    openapi.merge(files_doc);
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(portal::router())
        .merge(console::router())
        .merge(supervision::router())
        .merge(publishing::router())
        .merge(files::router())
        .merge(api_router)
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = openapi.clone();
                async move { axum::Json((*doc).clone()) }
            }),
        )
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::metrics))
        .route("/static/style.css", get(style))
        .route("/static/app.js", get(script))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(1024 * 1024))
        // Uploads of report files get their own, larger limit (added after the 1 MiB layer, so
        // that layer does not cover them).
        .merge(
            supervision::upload_router()
                .layer(tower_http::limit::RequestBodyLimitLayer::new(supervision::UPLOAD_LIMIT))
                .layer(axum::extract::DefaultBodyLimit::max(supervision::UPLOAD_LIMIT)),
        )
        // Files on a case, and the application form with its attachments: one file at its
        // limit per request.
        .merge(
            files::upload_router()
                .merge(portal::apply_router())
                .merge(api_files)
                .layer(tower_http::limit::RequestBodyLimitLayer::new(files::UPLOAD_LIMIT))
                .layer(axum::extract::DefaultBodyLimit::max(files::UPLOAD_LIMIT)),
        )
        .fallback(not_found)
        .layer(sessions)
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn_with_state(state.config.secure_cookies, security::hsts))
        // Outside the body limits, so their 413 is rewritten too (JSON under /api/v1).
        .layer(axum::middleware::from_fn(api::json_errors))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .route_layer(axum::middleware::from_fn_with_state(state.metrics.clone(), metrics::record))
        .with_state(state)
}

/// How often a serving node looks for publications and withdrawals to index.
const SEARCH_SYNC_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Serves the app on `listener` until `shutdown` resolves, finishing requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let purge = DbSessionStore::new(state.store.clone()).purge_forever(std::time::Duration::from_secs(600));
    let purge = tokio::spawn(purge);
    // Publications and withdrawals reach this node's index within seconds, whichever node (or
    // command) made them: the index follows the database's outbox.
    let sync = state.search.spawn_sync(state.store.clone(), SEARCH_SYNC_EVERY);
    let app = build_app(state).into_make_service_with_connect_info::<SocketAddr>();
    let result = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    purge.abort();
    sync.abort();
    result
}
