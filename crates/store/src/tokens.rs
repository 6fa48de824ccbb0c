//! API tokens: per agency, with a role, stored as a hash (the caller hashes; the token itself is
//! shown once when created), revocable.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::users::Role;
use crate::{Actor, AgencyId, Error, Result, Store, audit, now};

/// A token's grant (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub agency: AgencyId,
    pub label: String,
    pub role: Role,
    pub created_by: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

fn token_from_row(r: &AnyRow) -> Result<ApiToken> {
    let agency: String = r.try_get(1)?;
    let role: String = r.try_get(3)?;
    Ok(ApiToken {
        id: r.try_get(0)?,
        agency: AgencyId::new(agency).map_err(|e| Error::corrupt("机关标识", e))?,
        label: r.try_get(2)?,
        role: Role::parse(&role).ok_or_else(|| Error::corrupt("令牌角色", &role))?,
        created_by: r.try_get(4)?,
        created_at: r.try_get(5)?,
        revoked_at: r.try_get(6)?,
    })
}

const TOKEN_COLUMNS: &str = "id, agency_id, label, role, created_by, created_at, revoked_at";

impl Store {
    /// Stores a new token's hash; returns its id.
    pub async fn create_token(
        &self,
        agency: &AgencyId,
        label: &str,
        role: Role,
        token_hash: &str,
        actor: &Actor,
    ) -> Result<i64> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            return Err(Error::invalid("令牌名称", "不能为空，且不超过100个字符"));
        }
        self.require_agency(agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "insert into api_tokens (agency_id, label, role, token_hash, created_by, created_at) \
             values ($1, $2, $3, $4, $5, $6) returning id",
        )
        .bind(agency.as_str())
        .bind(label)
        .bind(role.code())
        .bind(token_hash)
        .bind(actor.as_str())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "agency": agency, "label": label, "role": role }).to_string();
        audit(&mut tx, actor, &at, &format!("token/{id}"), "create", None, Some(after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The live (not revoked) token with this hash.
    pub async fn token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {TOKEN_COLUMNS} from api_tokens where token_hash = $1 and revoked_at is null"
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(token_from_row).transpose()
    }

    /// The tokens of an agency, newest first.
    pub async fn tokens(&self, agency: &AgencyId) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {TOKEN_COLUMNS} from api_tokens where agency_id = $1 order by id desc"
        )))
        .bind(agency.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(token_from_row).collect()
    }

    /// Revokes a token of `agency`.
    pub async fn revoke_token(&self, agency: &AgencyId, id: i64, actor: &Actor) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "update api_tokens set revoked_at = $1 where id = $2 and agency_id = $3 and revoked_at is null",
        )
        .bind(&at)
        .bind(id)
        .bind(agency.as_str())
        .execute(&mut *tx)
        .await?;
        if n.rows_affected() == 0 {
            return Err(Error::invalid("令牌", format!("令牌 {id} 不存在或已撤销")));
        }
        audit(&mut tx, actor, &at, &format!("token/{id}"), "revoke", None, None).await?;
        tx.commit().await?;
        Ok(())
    }
}
