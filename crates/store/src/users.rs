//! Staff accounts of the web console: login name, agency, role (登记/承办/审核/管理/督查) and the
//! password hash (computed by the caller; the store never sees a password).

use std::fmt;

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Actor, AgencyId, Error, Result, Store, audit, now};

/// What a staff member may do in the console and the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 登记: registers applications, confirms receipt, logs consultations.
    Registrar,
    /// 承办: handles applications (补正, 征求意见, fees), answers consultations.
    Handler,
    /// 审核: everything a handler does, plus extensions and replies (and publishing).
    Approver,
    /// 管理: everything in the agency, plus accounts and API tokens.
    Admin,
    /// 督查: reads its agency and the agencies under it; changes nothing.
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Registrar, Role::Handler, Role::Approver, Role::Admin, Role::Supervisor];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Registrar => "registrar",
            Role::Handler => "handler",
            Role::Approver => "approver",
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Registrar => "登记",
            Role::Handler => "承办",
            Role::Approver => "审核",
            Role::Admin => "管理",
            Role::Supervisor => "督查",
        }
    }

    /// Parses a code or the Chinese label.
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL.into_iter().find(|r| r.code() == s || r.label() == s)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A staff account (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffUser {
    pub id: i64,
    pub agency: AgencyId,
    /// Login name.
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// Bumped by every password change; a session logged in under another version has ended.
    #[serde(skip)]
    pub credential_version: i64,
}

/// Login names: 2–64 characters of `a-z`, `0-9`, `.`, `-`, `_`.
pub fn login_name_ok(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

fn user_from_row(r: &AnyRow) -> Result<StaffUser> {
    let agency: String = r.try_get(1)?;
    let role: String = r.try_get(4)?;
    let active: i64 = r.try_get(5)?;
    Ok(StaffUser {
        credential_version: r.try_get(6)?,
        id: r.try_get(0)?,
        agency: AgencyId::new(agency).map_err(|e| Error::corrupt("机关标识", e))?,
        name: r.try_get(2)?,
        display_name: r.try_get(3)?,
        role: Role::parse(&role).ok_or_else(|| Error::corrupt("用户角色", &role))?,
        active: active != 0,
    })
}

const USER_COLUMNS: &str = "id, agency_id, name, display_name, role, active, credential_version";

impl Store {
    /// Creates a staff account; `password_hash` is a PHC string made by the caller.
    pub async fn create_user(
        &self,
        agency: &AgencyId,
        name: &str,
        display_name: &str,
        role: Role,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<StaffUser> {
        let name = name.trim();
        if !login_name_ok(name) {
            return Err(Error::invalid("登录名", format!("“{name}”应为2至64个小写字母、数字或“._-”")));
        }
        let display_name = display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 100 {
            return Err(Error::invalid("姓名", "不能为空，且不超过100个字符"));
        }
        self.require_agency(agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let taken: Option<i64> = sqlx::query_scalar("select id from staff_users where name = $1")
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(Error::invalid("登录名", format!("“{name}”已被使用")));
        }
        let id: i64 = sqlx::query_scalar(
            "insert into staff_users (agency_id, name, display_name, role, password_hash, active, created_at) \
             values ($1, $2, $3, $4, $5, 1, $6) returning id",
        )
        .bind(agency.as_str())
        .bind(name)
        .bind(display_name)
        .bind(role.code())
        .bind(password_hash)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let user = StaffUser {
            id,
            agency: agency.clone(),
            name: name.to_string(),
            display_name: display_name.to_string(),
            role,
            active: true,
            credential_version: 1,
        };
        audit(&mut tx, actor, &at, &format!("user/{name}"), "create", None, serde_json::to_string(&user).ok()).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// The account and its password hash, for login.
    pub async fn user_for_login(&self, name: &str) -> Result<Option<(StaffUser, String)>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {USER_COLUMNS}, password_hash from staff_users where name = $1"
        )))
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((user_from_row(&r)?, r.try_get(7)?))).transpose()
    }

    /// The account by id (sessions keep the id).
    pub async fn user(&self, id: i64) -> Result<Option<StaffUser>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("select {USER_COLUMNS} from staff_users where id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The accounts of an agency, by login name.
    pub async fn users(&self, agency: &AgencyId) -> Result<Vec<StaffUser>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {USER_COLUMNS} from staff_users where agency_id = $1 order by name"
        )))
        .bind(agency.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Replaces an account's password hash and bumps its credential version, which ends the
    /// account's open console sessions.
    pub async fn set_password(&self, name: &str, password_hash: &str, actor: &Actor) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(
            "update staff_users set password_hash = $1, credential_version = credential_version + 1 where name = $2",
        )
        .bind(password_hash)
        .bind(name)
        .execute(&mut *tx)
        .await?;
        if n.rows_affected() == 0 {
            return Err(Error::invalid("登录名", format!("用户“{name}”不存在")));
        }
        audit(&mut tx, actor, &at, &format!("user/{name}"), "set_password", None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Enables or disables an account (disabled accounts cannot log in; their sessions end).
    pub async fn set_user_active(&self, name: &str, active: bool, actor: &Actor) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("update staff_users set active = $1 where name = $2")
            .bind(i64::from(active))
            .bind(name)
            .execute(&mut *tx)
            .await?;
        if n.rows_affected() == 0 {
            return Err(Error::invalid("登录名", format!("用户“{name}”不存在")));
        }
        let after = serde_json::json!({ "active": active }).to_string();
        audit(&mut tx, actor, &at, &format!("user/{name}"), "set_active", None, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_codes_and_labels() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn login_names() {
        assert!(login_name_ok("zhang.san"));
        assert!(!login_name_ok("张三"));
        assert!(!login_name_ok("A"));
    }
}
