//! `gongkai search` and `gongkai reindex`: full-text search of published items from the
//! command line, and rebuilding this node's index (`<data>/search-index`) from the database.

use std::path::PathBuf;
use std::process::ExitCode;

use gongkai_core::publish::Topic;
use gongkai_search::{SearchRequest, SearchService, Sort, ValidityState};
use gongkai_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::Db;

/// The index folder of this node.
pub fn index_dir(db: &Db) -> PathBuf {
    db.data.join("search-index")
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 查询：按原样连续匹配的词语（空格分隔的多个词须同时包含）、"短语"、标题:…、文号:…、索引号:…、正文:…、-排除词
    query: Vec<String>,
    /// 只查此机关（机关标识）
    #[arg(long)]
    agency: Option<String>,
    /// 只查此年度发布的信息
    #[arg(long)]
    year: Option<i16>,
    /// 主题分类（代码或名称）
    #[arg(long)]
    topic: Option<String>,
    /// 效力：有效/失效/废止
    #[arg(long)]
    validity: Option<String>,
    /// 第几页
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// 每页条数
    #[arg(long, default_value_t = 10)]
    per_page: u32,
    /// 按发布日期从新到旧排列（默认按相关度）
    #[arg(long)]
    newest: bool,
    /// 输出 JSON（与 GET /api/v1/search 相同）
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReindexArgs {}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    let req = SearchRequest {
        q: args.query.join(" "),
        agency: args.agency,
        year: args.year,
        topic: args
            .topic
            .as_deref()
            .map(|t| Topic::parse(t).ok_or_else(|| anyhow::anyhow!("未知的主题分类“{t}”")))
            .transpose()?,
        validity: args
            .validity
            .as_deref()
            .map(|v| ValidityState::parse(v).ok_or_else(|| anyhow::anyhow!("未知的效力状态“{v}”（有效/失效/废止）")))
            .transpose()?,
        page: args.page,
        per_page: args.per_page,
        sort: if args.newest { Sort::Newest } else { Sort::Relevance },
        facets: true,
    };
    let service = db.with_store(async |store| {
        let service = SearchService::open(&index_dir(db))?;
        // Bring this node's index up to date first (or build it on first use).
        match service.catch_up(store).await {
            Ok(_) | Err(gongkai_search::Error::Locked) => {}
            Err(e) => return Err(e.into()),
        }
        anyhow::Ok(service)
    })?;
    let res = service.search(&req)?;
    if args.json {
        println!("{}", serde_json::to_string(&res)?);
        return Ok(ExitCode::SUCCESS);
    }
    if res.relaxed {
        println!("没有找到与“{}”完全一致的内容，以下结果包含其中全部词语（不一定相连）。", res.q);
    }
    let about = if res.total_exact { "" } else { "约 " };
    println!("找到 {about}{} 条（第 {}/{} 页，用时 {:.1} 毫秒）", res.total, res.page, res.pages.max(1), res.took_ms);
    for (i, h) in res.hits.iter().enumerate() {
        let n = (res.page - 1) * res.per_page + i as u32 + 1;
        println!();
        println!("{n}. {}", plain(&h.title_html));
        let number = h.doc_number.as_deref().map(|d| format!("  {d}")).unwrap_or_default();
        let validity = h.validity.as_deref().map(|v| format!("  [{v}]")).unwrap_or_default();
        println!("   {}  {}  {}{}{}", h.index_no, h.agency_name, h.published_on, number, validity);
        if !h.snippet_html.is_empty() {
            println!("   {}", plain(&h.snippet_html));
        }
    }
    if let Some(f) = &res.facets
        && res.total > 0
    {
        println!();
        let line = |name: &str, v: &[gongkai_search::FacetCount]| {
            let parts: Vec<String> = v.iter().take(8).map(|c| format!("{}({})", c.label, c.count)).collect();
            if !parts.is_empty() {
                println!("{name}：{}", parts.join(" "));
            }
        };
        line("机关", &f.agency);
        line("年度", &f.year);
        line("主题", &f.topic);
        line("效力", &f.validity);
    }
    Ok(ExitCode::SUCCESS)
}

/// The highlighted HTML as terminal text: matches in【】.
fn plain(html: &str) -> String {
    html.replace("<em>", "【")
        .replace("</em>", "】")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn reindex(_args: ReindexArgs, db: &Db) -> anyhow::Result<ExitCode> {
    db.with_store(async |store| {
        let service = SearchService::open(&index_dir(db))?;
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} 重建索引：已处理 {pos} 条 ({per_sec})").expect("template"),
        );
        let started = std::time::Instant::now();
        let n = service.reindex(store, |done| bar.set_position(done)).await?;
        service.index().close_writer()?;
        bar.finish_and_clear();
        println!(
            "搜索索引已重建：{n} 条已发布信息，用时 {:.1} 秒（{}）",
            started.elapsed().as_secs_f64(),
            index_dir(db).display()
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// After a change from the command line: bring this node's index up to date. When a running
/// server holds the index, it catches up by itself; say so and carry on.
pub async fn sync_index(store: &Store, db: &Db) {
    let result = async {
        let service = SearchService::open(&index_dir(db))?;
        let n = service.catch_up(store).await?;
        service.index().close_writer()?;
        Ok::<usize, gongkai_search::Error>(n)
    }
    .await;
    match result {
        Ok(_) => {}
        Err(gongkai_search::Error::Locked) => println!("（搜索索引由正在运行的服务维护，将自动同步）"),
        Err(e) => eprintln!("注意：搜索索引未能同步（{e}），可运行 gongkai reindex 重建"),
    }
}
