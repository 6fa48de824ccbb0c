//! The store's one error type: every way a repository call can fail, in words an office
//! worker can act on.

use gongkai_core::calendar;
use gongkai_core::case::TransitionError;

use crate::ids::{AgencyId, ApplicationId, RemedyId};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The URL is neither `sqlite:` nor `postgres:`.
    #[error("不支持的数据库地址“{0}”：应以 sqlite:// 或 postgres:// 开头")]
    UnsupportedUrl(String),
    #[error("数据库操作失败：{0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库结构升级失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("机关“{0}”不存在")]
    AgencyNotFound(AgencyId),
    #[error("机关“{0}”已存在")]
    AgencyExists(AgencyId),
    #[error("申请 {0} 不存在")]
    ApplicationNotFound(ApplicationId),
    #[error("公开信息 {0} 不存在")]
    ItemNotFound(crate::ItemId),
    #[error("复议或诉讼记录 {0} 不存在")]
    RemedyNotFound(RemedyId),
    /// Someone else changed the application since it was read (optimistic concurrency).
    #[error("申请 {id} 已被他人更新（您依据的是第{expected}版，当前为第{current}版），请重新查看后再操作")]
    Conflict { id: ApplicationId, expected: i64, current: i64 },
    /// The event is not legal in the application's stage; nothing was changed.
    #[error("{0}")]
    Transition(#[from] TransitionError),
    #[error("{field}无效：{reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("节假日安排导入失败：{0}")]
    Calendar(#[from] calendar::Error),
    /// A stored value does not parse: the database was changed outside the application.
    #[error("数据库中的数据已损坏（{what}）：{detail}")]
    Corrupt { what: String, detail: String },
    /// The transaction that was to hold this change with others could not start or commit;
    /// nothing of it was stored.
    #[error("数据库提交失败，未保存：{0}")]
    GroupCommit(String),
    /// The store is shutting down; the write was not started.
    #[error("系统正在关闭，请稍后重试")]
    Closed,
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::Invalid { field, reason: reason.into() }
    }
    pub(crate) fn corrupt(what: impl Into<String>, detail: impl std::fmt::Display) -> Error {
        Error::Corrupt { what: what.into(), detail: detail.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
