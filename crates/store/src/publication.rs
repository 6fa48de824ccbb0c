//! The annual report as an agency publishes it: the prose its staff write beside the compiled
//! tables (one draft per agency and year), and every publication as it went out (figures and
//! prose of that moment, never changed; the public reads the latest).

use sqlx::Row;

use gongkai_core::Narrative;
use gongkai_core::narrative::MAX_SECTION_CHARS;

use crate::{Actor, AgencyId, Error, Result, Store, audit, now};

/// The prose is refused when a section is over [`MAX_SECTION_CHARS`].
fn check(narrative: &Narrative) -> Result<()> {
    match narrative.too_long() {
        Some(name) => Err(Error::invalid("年度报告正文", format!("“{name}”不超过{MAX_SECTION_CHARS}个字符"))),
        None => Ok(()),
    }
}

/// One publication of an annual report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub id: i64,
    pub agency: AgencyId,
    pub year: i32,
    /// The `gongkai-report/1` JSON of the tables as published.
    pub report_json: String,
    pub narrative: Narrative,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub published_by: String,
}

fn narrative_of(json: &str) -> Result<Narrative> {
    serde_json::from_str(json).map_err(|e| Error::corrupt("年度报告正文", e))
}

impl Store {
    /// The annual report of `agency` for `year` compiled from its records now, titled with the
    /// agency's full name (one home for the web, the CLI and the demo).
    pub async fn compiled_report(&self, agency: &AgencyId, year: i16) -> Result<gongkai_core::Report> {
        let name = self.require_agency(agency).await?.name;
        let records = self.records(agency, year).await?;
        gongkai_core::compile::compile(&name, year, &records).map_err(|e| Error::invalid("年度报告", e.to_string()))
    }

    /// The prose saved for an agency's report of `year`, if any.
    pub async fn report_narrative(&self, agency: &AgencyId, year: i32) -> Result<Option<Narrative>> {
        let text: Option<String> =
            sqlx::query_scalar("select narrative from report_narratives where agency_id = $1 and year = $2")
                .bind(agency.as_str())
                .bind(i64::from(year))
                .fetch_optional(&self.pool)
                .await?;
        text.as_deref().map(narrative_of).transpose()
    }

    /// Saves the prose of an agency's report of `year` (replacing the draft), audited.
    pub async fn save_report_narrative(
        &self,
        agency: &AgencyId,
        year: i32,
        narrative: &Narrative,
        actor: &Actor,
    ) -> Result<()> {
        check(narrative)?;
        let json = serde_json::to_string(narrative).expect("text serialises");
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into report_narratives (agency_id, year, narrative, updated_at, updated_by) values ($1, $2, $3, $4, $5) \
             on conflict (agency_id, year) do update set narrative = excluded.narrative, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(agency.as_str())
        .bind(i64::from(year))
        .bind(&json)
        .bind(&at)
        .bind(actor.as_str())
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, actor, &at, &format!("report/{agency}/{year}"), "save_narrative", None, Some(json)).await?;
        tx.commit().await
    }

    /// Publishes an agency's report of `year`: the tables (`report_json`) and the prose as they
    /// are now, as a new publication, audited. Returns its id.
    pub async fn publish_report(
        &self,
        agency: &AgencyId,
        year: i32,
        report_json: &str,
        narrative: &Narrative,
        actor: &Actor,
    ) -> Result<i64> {
        check(narrative)?;
        let json = serde_json::to_string(narrative).expect("text serialises");
        let at = now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "insert into report_publications (agency_id, year, report_json, narrative, published_at, published_by) \
             values ($1, $2, $3, $4, $5, $6) returning id",
        )
        .bind(agency.as_str())
        .bind(i64::from(year))
        .bind(report_json)
        .bind(&json)
        .bind(&at)
        .bind(actor.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "publication": id, "year": year }).to_string();
        audit(&mut tx, actor, &at, &format!("report/{agency}/{year}"), "publish_report", None, Some(after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The latest publication of an agency's report of `year`, if it was published.
    pub async fn published_report(&self, agency: &AgencyId, year: i32) -> Result<Option<Publication>> {
        let row = sqlx::query(
            "select id, report_json, narrative, published_at, published_by from report_publications \
             where agency_id = $1 and year = $2 order by id desc limit 1",
        )
        .bind(agency.as_str())
        .bind(i64::from(year))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let narrative: String = row.try_get(2)?;
        Ok(Some(Publication {
            id: row.try_get(0)?,
            agency: agency.clone(),
            year,
            report_json: row.try_get(1)?,
            narrative: narrative_of(&narrative)?,
            published_at: row.try_get(3)?,
            published_by: row.try_get(4)?,
        }))
    }

    /// The years of an agency's published reports, newest first.
    pub async fn published_years(&self, agency: &AgencyId) -> Result<Vec<i32>> {
        let years: Vec<i64> =
            sqlx::query_scalar("select distinct year from report_publications where agency_id = $1 order by year desc")
                .bind(agency.as_str())
                .fetch_all(&self.pool)
                .await?;
        Ok(years.into_iter().filter_map(|y| i32::try_from(y).ok()).collect())
    }
}
