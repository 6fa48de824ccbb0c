//! The floor of the HTTP benchmark: axum on a multi-threaded tokio runtime, answering a JSON
//! POST and a GET shaped like gongkai's `/api/v1/applications` routes, with no storage.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
struct ApplicantIn {
    kind: String,
    name: String,
    id_number: String,
    #[serde(default)]
    phone: String,
}

#[derive(Debug, Deserialize)]
struct ApplicationIn {
    agency: String,
    applicant: ApplicantIn,
    items: Vec<String>,
    delivery: String,
    secret: String,
}

#[derive(Debug, Serialize)]
struct Created {
    tracking_code: String,
    agency: String,
    stage: &'static str,
}

#[derive(Debug, Serialize)]
struct Status {
    tracking_code: String,
    stage: &'static str,
    steps: Vec<&'static str>,
}

static NEXT: AtomicU64 = AtomicU64::new(1);

async fn submit(Json(body): Json<ApplicationIn>) -> Result<(StatusCode, Json<Created>), StatusCode> {
    // Touch every field, as a real handler's checks would.
    let a = &body.applicant;
    if body.items.is_empty()
        || body.secret.len() < 6
        || a.name.is_empty()
        || a.id_number.is_empty()
        || a.kind.is_empty()
        || body.delivery.is_empty()
        || a.phone.len() > 40
    {
        return Err(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    Ok((
        StatusCode::CREATED,
        Json(Created { tracking_code: format!("2026-{n:08}-0"), agency: body.agency, stage: "awaiting_confirmation" }),
    ))
}

async fn status(headers: HeaderMap, Path(code): Path<String>) -> Result<Json<Status>, StatusCode> {
    if headers.get("x-tracking-secret").is_none() {
        return Err(StatusCode::FORBIDDEN);
    }
    Ok(Json(Status { tracking_code: code, stage: "awaiting_confirmation", steps: vec!["提交申请"] }))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr: SocketAddr =
        std::env::args().nth(1).as_deref().unwrap_or("127.0.0.1:0").parse().map_err(std::io::Error::other)?;
    let app =
        Router::new().route("/api/v1/applications", post(submit)).route("/api/v1/applications/{code}", get(status));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("bare-axum listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, app).await
}
