//! Full-text search of published disclosure items (主动公开信息): Chinese analysis (jieba with a
//! field dictionary, Traditional → Simplified folding), a tantivy index per node kept in step
//! with the database, and [`SearchService`] with serde-serialisable results for the portal,
//! the API and the command line.

pub mod analyzer;
mod index;
mod large;
mod parts;
pub mod query;
mod service;

pub use index::{FacetCount, Facets, Hit, IndexDoc, SearchIndex, SearchRequest, SearchResults, Sort, ValidityState};
pub use service::SearchService;

/// What can go wrong in search.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("搜索索引出错：{0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("无法打开搜索索引目录：{0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("搜索索引目录 {0} 无法访问：{1}")]
    Io(String, std::io::Error),
    #[error("搜索索引正由另一个进程（如正在运行的服务）写入；该进程会自动同步本次更改")]
    Locked,
    #[error("读取数据库失败：{0}")]
    Store(#[from] gongkai_store::Error),
    #[error("搜索任务异常终止：{0}")]
    Task(String),
    #[error("搜索索引的写入锁已损坏，请重启服务")]
    Poisoned,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
