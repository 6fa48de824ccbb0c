//! `/metrics` in the Prometheus text format: requests by route and status, their latency, the
//! open applications by deadline, and how far this node's search index lags behind the
//! database. Read with an administrator's API token (counts only, but not for the public).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{ApiCaller, Permission};
use crate::{AppState, Error, Result};

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// Per route template and status: request count, latency histogram and sum.
#[derive(Debug, Default)]
pub struct Metrics {
    by_route: Mutex<BTreeMap<(String, u16), Series>>,
}

#[derive(Debug, Default, Clone)]
struct Series {
    count: u64,
    sum: f64,
    /// Cumulative counts per bucket of [`BUCKETS`].
    buckets: [u64; BUCKETS.len()],
}

impl Metrics {
    fn record(&self, route: String, status: u16, seconds: f64) {
        let mut map = self.by_route.lock().unwrap_or_else(|p| p.into_inner());
        let s = map.entry((route, status)).or_default();
        s.count += 1;
        s.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                s.buckets[i] += 1;
            }
        }
    }
}

/// Records every request under its route template (`/console/cases/{id}`, never the concrete
/// path, so the series stay few and carry no personal data).
pub async fn record(State(metrics): State<std::sync::Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route =
        req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let started = Instant::now();
    let res = next.run(req).await;
    metrics.record(route, res.status().as_u16(), started.elapsed().as_secs_f64());
    res
}

/// Label values escaped as the text format requires.
fn label(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>, ApiCaller(user): ApiCaller) -> Result<Response> {
    user.require(Permission::Administer, &user.agency)?;
    let mut out = String::new();
    let series = state.metrics.by_route.lock().unwrap_or_else(|p| p.into_inner()).clone();
    out.push_str("# HELP gongkai_http_requests_total Requests answered, by route template and status.\n");
    out.push_str("# TYPE gongkai_http_requests_total counter\n");
    for ((route, status), s) in &series {
        let _ =
            writeln!(out, "gongkai_http_requests_total{{route=\"{}\",status=\"{status}\"}} {}", label(route), s.count);
    }
    out.push_str("# HELP gongkai_http_request_duration_seconds Time to answer, by route template.\n");
    out.push_str("# TYPE gongkai_http_request_duration_seconds histogram\n");
    let mut per_route: BTreeMap<&str, Series> = BTreeMap::new();
    for ((route, _), s) in &series {
        let r = per_route.entry(route.as_str()).or_default();
        r.count += s.count;
        r.sum += s.sum;
        for (acc, b) in r.buckets.iter_mut().zip(s.buckets) {
            *acc += b;
        }
    }
    for (route, s) in &per_route {
        let route = label(route);
        for (bound, n) in BUCKETS.iter().zip(s.buckets) {
            let _ =
                writeln!(out, "gongkai_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
        }
        let _ =
            writeln!(out, "gongkai_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}", s.count);
        let _ = writeln!(out, "gongkai_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", s.sum);
        let _ = writeln!(out, "gongkai_http_request_duration_seconds_count{{route=\"{route}\"}} {}", s.count);
    }
    let today = state.today();
    let soon = today.checked_add(jiff::ToSpan::days(7)).map_err(Error::internal)?;
    let (overdue, due_soon, running) = state.store.due_counts(today, soon).await?;
    out.push_str("# HELP gongkai_applications_running Open applications whose reply deadline runs, by urgency.\n");
    out.push_str("# TYPE gongkai_applications_running gauge\n");
    let _ = writeln!(out, "gongkai_applications_running{{urgency=\"overdue\"}} {overdue}");
    let _ = writeln!(out, "gongkai_applications_running{{urgency=\"due_within_7_days\"}} {due_soon}");
    let _ = writeln!(out, "gongkai_applications_running{{urgency=\"any\"}} {running}");
    let lag = (state.store.last_search_change().await? - state.search.index().cursor()).max(0);
    out.push_str(
        "# HELP gongkai_search_outbox_lag Changes queued for search that this node's index has not applied.\n",
    );
    out.push_str("# TYPE gongkai_search_outbox_lag gauge\n");
    let _ = writeln!(out, "gongkai_search_outbox_lag {lag}");
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response())
}
