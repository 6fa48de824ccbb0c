//! Agencies (行政机关): the organs whose applications and annual reports the store keeps.

use sqlx::Row;

use crate::{Actor, Agency, AgencyId, Error, Result, Store, audit, now};

impl Store {
    /// Creates an agency; fails with [`Error::AgencyExists`] when the id is taken.
    pub async fn create_agency(&self, id: &AgencyId, name: &str, actor: &Actor) -> Result<Agency> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::invalid("机关名称", "不能为空，且不超过200个字符"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let inserted =
            sqlx::query("insert into agencies (id, name, created_at) values ($1, $2, $3) on conflict (id) do nothing")
                .bind(id.as_str())
                .bind(name)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
        if inserted.rows_affected() == 0 {
            return Err(Error::AgencyExists(id.clone()));
        }
        let agency = Agency { id: id.clone(), name: name.to_string() };
        let after = serde_json::to_string(&agency).ok();
        audit(&mut tx, actor, &at, &format!("agency/{id}"), "create", None, after).await?;
        crate::supervision::bump_generation(&mut tx).await?;
        tx.commit().await?;
        Ok(agency)
    }

    /// The agency, if it exists. Agencies are never deleted or renamed, so one found is
    /// remembered: every submission checks its agency, and need not ask the database each time.
    pub async fn agency(&self, id: &AgencyId) -> Result<Option<Agency>> {
        if let Some(known) = self.known_agencies.read().unwrap_or_else(|e| e.into_inner()).get(id) {
            return Ok(Some(known.clone()));
        }
        let row =
            sqlx::query("select name from agencies where id = $1").bind(id.as_str()).fetch_optional(&self.pool).await?;
        let agency = row.map(|r| Agency { id: id.clone(), name: r.get(0) });
        if let Some(a) = &agency {
            self.known_agencies.write().unwrap_or_else(|e| e.into_inner()).insert(id.clone(), a.clone());
        }
        Ok(agency)
    }

    /// The agency, or [`Error::AgencyNotFound`].
    pub async fn require_agency(&self, id: &AgencyId) -> Result<Agency> {
        self.agency(id).await?.ok_or_else(|| Error::AgencyNotFound(id.clone()))
    }

    /// All agencies by id.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        let rows = sqlx::query("select id, name from agencies order by id").fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|r| {
                let id: String = r.get(0);
                let id = AgencyId::new(id).map_err(|e| Error::corrupt("机关标识", e))?;
                Ok(Agency { id, name: r.get(1) })
            })
            .collect()
    }
}

impl Store {
    /// How many applications an agency has.
    pub async fn count_applications(&self, agency: &AgencyId) -> Result<i64> {
        Ok(sqlx::query_scalar("select count(*) from applications where agency_id = $1")
            .bind(agency.as_str())
            .fetch_one(&self.pool)
            .await?)
    }

    /// Refreshes the planner's statistics (and on PostgreSQL the visibility map, for index-only
    /// scans): run after a large bulk load.
    pub async fn optimize(&self) -> Result<()> {
        let sql = match self.backend {
            crate::Backend::Sqlite => "analyze",
            crate::Backend::Postgres => "vacuum analyze",
        };
        sqlx::query(sql).execute(&self.pool).await?;
        Ok(())
    }
}
