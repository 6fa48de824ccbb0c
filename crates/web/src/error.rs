//! The web crate's one error type and how it reaches people: a Chinese page for the portal and
//! console, `{"error": {"code", "message"}}` for the API; internals only in the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::views::ErrorPage;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Store(#[from] gongkai_store::Error),
    /// The input is well formed but not acceptable (validation), with the field in Chinese.
    #[error("{0}")]
    Invalid(String),
    /// The body cannot be read (malformed JSON or form).
    #[error("{0}")]
    BadRequest(String),
    #[error("请先登录")]
    Unauthenticated,
    #[error("您没有权限执行此操作")]
    Forbidden,
    #[error("表单已过期或来源不明，请刷新页面后重新提交")]
    Csrf,
    #[error("{0}")]
    NotFound(String),
    /// It was public and has been taken down (a withdrawn item): said so, with when and why.
    #[error("{0}")]
    Gone(String),
    /// The thing exists but is not available yet (a letter before the reply).
    #[error("{0}")]
    NotReady(String),
    #[error("操作过于频繁，请稍后再试")]
    RateLimited,
    #[error("查询码或查询密码不正确")]
    WrongSecret,
    /// An idempotency key sent again with another request body.
    #[error("该 Idempotency-Key 已用于内容不同的另一次提交；重试时请原样重发，新的提交请换一个新键")]
    KeyReused,
    #[error("服务器内部错误，请稍后再试")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn internal(e: impl std::fmt::Display) -> Error {
        Error::Internal(e.to_string())
    }

    /// The stable snake_case code of the API.
    pub fn code(&self) -> &'static str {
        use gongkai_store::Error as S;
        match self {
            Error::Store(S::Invalid { .. } | S::Transition(_) | S::UnsupportedUrl(_)) => "invalid_input",
            Error::Store(S::Conflict { .. }) => "conflict",
            Error::Store(
                S::AgencyNotFound(_) | S::ApplicationNotFound(_) | S::RemedyNotFound(_) | S::ItemNotFound(_),
            ) => "not_found",
            Error::Store(S::Closed) => "unavailable",
            Error::Store(S::AgencyExists(_)) => "already_exists",
            Error::Store(_) => "internal_error",
            Error::Invalid(_) => "invalid_input",
            Error::BadRequest(_) => "bad_request",
            Error::Unauthenticated => "unauthenticated",
            Error::Forbidden => "forbidden",
            Error::Csrf => "csrf_failed",
            Error::NotFound(_) => "not_found",
            Error::Gone(_) => "gone",
            Error::NotReady(_) => "not_ready",
            Error::RateLimited => "rate_limited",
            Error::WrongSecret => "wrong_secret",
            Error::KeyReused => "idempotency_key_reused",
            Error::Internal(_) => "internal_error",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.code() {
            "invalid_input" | "idempotency_key_reused" => StatusCode::UNPROCESSABLE_ENTITY,
            "conflict" | "already_exists" | "not_ready" => StatusCode::CONFLICT,
            "not_found" => StatusCode::NOT_FOUND,
            "gone" => StatusCode::GONE,
            "bad_request" => StatusCode::BAD_REQUEST,
            "unauthenticated" => StatusCode::UNAUTHORIZED,
            "forbidden" | "csrf_failed" | "wrong_secret" => StatusCode::FORBIDDEN,
            "rate_limited" => StatusCode::TOO_MANY_REQUESTS,
            "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person reads: internals are replaced by a generic message (and logged).
    pub fn public_message(&self) -> String {
        if self.status() == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "internal error");
            "服务器内部错误，请稍后再试".to_string()
        } else {
            self.to_string()
        }
    }
}

/// Pages: an HTML error page in Chinese.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = ErrorPage { status: status.as_u16(), message: self.public_message(), login: status == 401 };
        (status, page).into_response()
    }
}

/// The API's error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code (`invalid_input`, `bad_request`, `not_found` …).
    pub code: String,
    /// What went wrong, in Chinese.
    pub message: String,
}

/// An [`Error`] answered as JSON (API routes).
#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            ErrorBody { error: ErrorDetail { code: self.0.code().to_string(), message: self.0.public_message() } };
        (self.0.status(), axum::Json(body)).into_response()
    }
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;
