//! Search of the published items where people look for them: the portal's search page and
//! `GET /api/v1/search`. Both read the same query parameters and run the same search on this
//! node's index (off the async threads); the page adds facet links and paging.

use axum::extract::{Query, State};
use gongkai_core::publish::Topic;
use gongkai_search::{FacetCount, SearchRequest, SearchResults, Sort, ValidityState};
use serde::Deserialize;

use crate::AppState;
use crate::error::{Error, Result};
use crate::views::{FacetGroup, FacetLink, HitLine, SearchPage};

/// The query string of a search, as typed in the address bar: every field optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words (all must match), "phrases", 标题:/文号:/索引号:/正文: fields, -exclusions.
    pub q: String,
    /// Agency id.
    pub agency: String,
    /// Publication year.
    pub year: String,
    /// 主题分类 code (economy, finance …) or label.
    pub topic: String,
    /// effective, expired, abolished.
    pub validity: String,
    /// 1-based page.
    pub page: String,
    /// 1–100, default 10.
    pub per_page: String,
    /// relevance (default) or newest.
    pub sort: String,
}

impl SearchParams {
    /// The request, or a message in Chinese naming the parameter that is wrong.
    pub fn to_request(&self) -> Result<SearchRequest> {
        let bad = |what: &str, v: &str| Error::Invalid(format!("{what}“{v}”无效"));
        let blank = |s: &str| s.trim().is_empty();
        let q = self.q.trim();
        if q.chars().count() > 200 {
            return Err(Error::Invalid("搜索词过长（最多200个字）".into()));
        }
        Ok(SearchRequest {
            q: q.to_string(),
            agency: (!blank(&self.agency)).then(|| self.agency.trim().to_string()),
            year: match self.year.trim() {
                "" => None,
                y => Some(y.parse::<i16>().ok().filter(|y| (1949..=2999).contains(y)).ok_or_else(|| bad("年份", y))?),
            },
            topic: match self.topic.trim() {
                "" => None,
                t => Some(Topic::parse(t).ok_or_else(|| bad("主题分类", t))?),
            },
            validity: match self.validity.trim() {
                "" => None,
                v => Some(ValidityState::parse(v).ok_or_else(|| bad("效力", v))?),
            },
            page: match self.page.trim() {
                "" => 1,
                p => p.parse::<u32>().ok().filter(|p| (1..=1000).contains(p)).ok_or_else(|| bad("页码", p))?,
            },
            per_page: match self.per_page.trim() {
                "" => 10,
                n => n.parse::<u32>().ok().filter(|n| (1..=100).contains(n)).ok_or_else(|| bad("每页条数", n))?,
            },
            sort: match self.sort.trim() {
                "" | "relevance" => Sort::Relevance,
                "newest" => Sort::Newest,
                s => return Err(bad("排序", s)),
            },
            facets: true,
        })
    }

    /// This search's address with one parameter changed (`""` removes it); the page resets.
    fn with(&self, key: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("q", self.q.clone()),
            ("agency", self.agency.clone()),
            ("year", self.year.clone()),
            ("topic", self.topic.clone()),
            ("validity", self.validity.clone()),
            ("sort", self.sort.clone()),
        ];
        for (k, v) in &mut pairs {
            if *k == key {
                *v = value.to_string();
            }
        }
        if key == "page" {
            pairs.push(("page", value.to_string()));
        }
        pairs.retain(|(_, v)| !v.trim().is_empty());
        format!("/search?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }
}

/// Runs a search on a blocking thread (tantivy is synchronous and CPU-bound).
pub async fn run(state: &AppState, request: SearchRequest) -> Result<SearchResults> {
    let search = state.search.clone();
    tokio::task::spawn_blocking(move || search.search(&request))
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)
}

/// `GET /search`: the portal's search page (works without JavaScript).
pub async fn page(State(state): State<AppState>, Query(params): Query<SearchParams>) -> Result<SearchPage> {
    let request = params.to_request()?;
    let searched = !request.q.is_empty() || request.agency.is_some() || request.topic.is_some();
    let results = if searched { Some(run(&state, request.clone()).await?) } else { None };
    let mut page = SearchPage {
        q: request.q.clone(),
        total: 0,
        total_exact: true,
        relaxed: false,
        took_ms: String::new(),
        hits: Vec::new(),
        facets: Vec::new(),
        filters: Vec::new(),
        prev: None,
        next: None,
        page: request.page,
        pages: 0,
        searched,
    };
    for (key, value, label) in [
        ("agency", &params.agency, "机关"),
        ("year", &params.year, "年份"),
        ("topic", &params.topic, "主题"),
        ("validity", &params.validity, "效力"),
    ] {
        if !value.trim().is_empty() {
            let shown = match key {
                "topic" => request.topic.map(|t| t.label().to_string()),
                "validity" => request.validity.map(|v| ValidityState::label_of(v.code()).to_string()),
                _ => None,
            }
            .unwrap_or_else(|| value.trim().to_string());
            page.filters.push(FacetLink {
                label: format!("{label}：{shown}"),
                count: 0,
                href: params.with(key, ""),
                current: false,
            });
        }
    }
    let Some(results) = results else { return Ok(page) };
    page.total = results.total;
    page.total_exact = results.total_exact;
    page.relaxed = results.relaxed;
    page.took_ms = format!("{:.1}", results.took_ms);
    page.pages = results.pages;
    page.prev = (request.page > 1).then(|| params.with("page", &(request.page - 1).to_string()));
    page.next = (u64::from(request.page) < results.pages).then(|| params.with("page", &(request.page + 1).to_string()));
    page.hits = results
        .hits
        .into_iter()
        .map(|h| HitLine {
            id: h.id.0,
            title_html: h.title_html,
            snippet_html: h.snippet_html,
            meta: [
                h.agency_name,
                h.doc_number.unwrap_or_default(),
                format!("发布日期 {}", h.published_on),
                h.topic,
                h.validity.unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        })
        .collect();
    if let Some(f) = results.facets {
        let group = |title: &'static str, key: &str, current: &str, values: Vec<FacetCount>| FacetGroup {
            title,
            values: values
                .into_iter()
                .map(|v| FacetLink {
                    current: v.value == current.trim(),
                    href: params.with(key, &v.value),
                    label: v.label,
                    count: v.count,
                })
                .collect(),
        };
        page.facets = [
            group("机关", "agency", &params.agency, f.agency),
            group("年份", "year", &params.year, f.year),
            group("主题分类", "topic", request.topic.map_or("", |t| t.code()), f.topic),
            group("效力", "validity", request.validity.map_or("", |v| v.code()), f.validity),
        ]
        .into_iter()
        .filter(|g| !g.values.is_empty())
        .collect();
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An estimated count reads as one (约, and why), an exact one as it is.
    #[test]
    fn estimated_totals_say_so() {
        use askama::Template;
        let page = |total_exact| SearchPage {
            q: "息公开工作".into(),
            total: 341_000,
            total_exact,
            relaxed: false,
            took_ms: "7.3".into(),
            hits: Vec::new(),
            facets: Vec::new(),
            filters: Vec::new(),
            prev: None,
            next: None,
            page: 1,
            pages: 34_100,
            searched: true,
        };
        let estimated = page(false).render().unwrap();
        assert!(estimated.contains("共找到约 341000 条结果（结果较多，条数及分类统计为抽样估计）"), "{estimated}");
        let exact = page(true).render().unwrap();
        assert!(exact.contains("共找到 341000 条结果（7.3 毫秒）") && !exact.contains("约"), "{exact}");
    }

    #[test]
    fn parameters_are_checked_with_a_message_naming_them() {
        let ok =
            SearchParams {
                q: " 信息公开 ".into(), year: "2025".into(), topic: "finance".into(), ..Default::default()
            };
        let r = ok.to_request().unwrap();
        assert_eq!((r.q.as_str(), r.year, r.topic), ("信息公开", Some(2025), Some(Topic::Finance)));
        for (params, word) in [
            (SearchParams { year: "二〇二五".into(), ..Default::default() }, "年份"),
            (SearchParams { topic: "nonsense".into(), ..Default::default() }, "主题分类"),
            (SearchParams { page: "0".into(), ..Default::default() }, "页码"),
            (SearchParams { per_page: "1000".into(), ..Default::default() }, "每页条数"),
            (SearchParams { sort: "random".into(), ..Default::default() }, "排序"),
        ] {
            let e = params.to_request().unwrap_err();
            assert!(e.to_string().contains(word), "{e}");
        }
    }

    #[test]
    fn facet_links_keep_the_search_and_reset_the_page() {
        let p = SearchParams { q: "年报".into(), page: "3".into(), ..Default::default() };
        assert_eq!(p.with("year", "2024"), "/search?q=%E5%B9%B4%E6%8A%A5&year=2024");
        assert_eq!(p.with("page", "2"), "/search?q=%E5%B9%B4%E6%8A%A5&page=2");
    }
}
