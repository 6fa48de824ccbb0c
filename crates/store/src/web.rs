//! What the web platform keeps beside casework: supervising agencies (督查), the applicant's
//! tracking secret, the guide text (公开指南), the open-application queue and the years with
//! records.

use gongkai_core::case::{ApplicantKind, Lifecycle};
use serde::Serialize;
use sqlx::Row;

use crate::{
    Actor, AgencyId, Applicant, ApplicationDetail, ApplicationId, Error, MaskedApplicant, Result, SecretOwner, Store,
    audit, codes, mask, now, parse_date,
};

/// One open application of the work queue, personal data masked, with its lifecycle (the
/// caller computes the deadline with its calendar).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenApplication {
    pub id: ApplicationId,
    pub tracking_code: String,
    pub agency: AgencyId,
    pub applicant: MaskedApplicant,
    pub stage: String,
    pub lifecycle: Lifecycle,
    pub version: i64,
}

fn agency_id(s: String) -> Result<AgencyId> {
    AgencyId::new(s).map_err(|e| Error::corrupt("机关标识", e))
}

impl Store {
    /// Sets (or clears) the agency that supervises `agency`; refuses cycles.
    pub async fn set_agency_parent(&self, agency: &AgencyId, parent: Option<&AgencyId>, actor: &Actor) -> Result<()> {
        self.require_agency(agency).await?;
        if let Some(p) = parent {
            self.require_agency(p).await?;
            let mut cursor = Some(p.clone());
            while let Some(c) = cursor {
                if &c == agency {
                    return Err(Error::invalid("上级机关", format!("“{p}”隶属于“{agency}”，不能互为上级")));
                }
                cursor = self.agency_parent(&c).await?;
            }
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query("update agencies set parent_id = $1 where id = $2")
            .bind(parent.map(|p| p.as_str().to_string()))
            .bind(agency.as_str())
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "parent": parent }).to_string();
        audit(&mut tx, actor, &at, &format!("agency/{agency}"), "set_parent", None, Some(after)).await?;
        crate::supervision::bump_generation(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn agency_parent(&self, agency: &AgencyId) -> Result<Option<AgencyId>> {
        let parent: Option<Option<String>> = sqlx::query_scalar("select parent_id from agencies where id = $1")
            .bind(agency.as_str())
            .fetch_optional(&self.pool)
            .await?;
        parent.flatten().map(agency_id).transpose()
    }

    /// The agency and every agency under it (transitively), the agency first.
    pub async fn agency_and_descendants(&self, agency: &AgencyId) -> Result<Vec<AgencyId>> {
        let rows = sqlx::query("select id, parent_id from agencies").fetch_all(&self.pool).await?;
        // Children by parent, then a walk down from `agency`: linear in the number of agencies
        // (a province's 督查 reads 10⁴ of them on every request).
        let mut children: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        for r in &rows {
            let (id, parent): (String, Option<String>) = (r.try_get(0)?, r.try_get(1)?);
            if let Some(p) = parent {
                children.entry(p).or_default().push(id);
            }
        }
        let mut out = vec![agency.clone()];
        let mut seen = std::collections::HashSet::from([agency.as_str().to_string()]);
        let mut i = 0;
        while i < out.len() {
            if let Some(kids) = children.get(out[i].as_str()) {
                for id in kids {
                    if seen.insert(id.clone()) {
                        out.push(agency_id(id.clone())?);
                    }
                }
            }
            i += 1;
        }
        Ok(out)
    }

    /// The application's id and secret hash for a tracking code (no secret: registered offline).
    pub async fn application_secret(&self, tracking_code: &str) -> Result<Option<(ApplicationId, Option<String>)>> {
        let row = sqlx::query(
            "select a.id, s.secret_hash from applications a left join application_secrets s on s.application_id = a.id \
             where a.tracking_code = $1",
        )
        .bind(tracking_code.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((ApplicationId(r.try_get(0)?), r.try_get(1)?))).transpose()
    }

    /// Replaces the stored hash of a tracking secret with a stronger one of the same secret, if
    /// it is still `interim` (a changed secret is left alone). Not an event of the application
    /// or consultation (the secret is the same), so nothing goes to the audit log. Returns
    /// whether it was replaced.
    pub async fn upgrade_secret_hash(&self, owner: SecretOwner, interim: &str, stronger: &str) -> Result<bool> {
        let (sql, id) = match owner {
            SecretOwner::Application(id) => {
                ("update application_secrets set secret_hash = $1 where application_id = $2 and secret_hash = $3", id.0)
            }
            SecretOwner::Consultation(id) => {
                ("update consultations set secret_hash = $1 where id = $2 and secret_hash = $3", id)
            }
        };
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(sql).bind(stronger).bind(id).bind(interim).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(done == 1)
    }

    /// The guide (公开指南) of an agency as plain text, one paragraph per line, if one was
    /// written. The guide itself is kept as HTML with the publishing records ([`Store::guide`]).
    pub async fn agency_guide(&self, agency: &AgencyId) -> Result<Option<String>> {
        Ok(self.guide(agency).await?.map(|g| gongkai_core::publish::html_to_text(&g.content_html)))
    }

    /// Replaces the guide with plain text (one paragraph per line), as the console edits it.
    pub async fn set_agency_guide(&self, agency: &AgencyId, guide: &str, actor: &Actor) -> Result<()> {
        let guide = guide.trim();
        if guide.chars().count() > 50_000 {
            return Err(Error::invalid("公开指南", "不超过50000个字符"));
        }
        let html: String = guide
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!("<p>{}</p>\n", escape_html(l)))
            .collect();
        let version = self.guide(agency).await?.map_or(0, |g| g.version);
        self.set_guide(agency, version, &html, actor).await?;
        Ok(())
    }

    /// The open applications of some agencies (at most `limit`), masked.
    pub async fn open_applications(&self, agencies: &[AgencyId], limit: u32) -> Result<Vec<OpenApplication>> {
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = (2..=agencies.len() + 1).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "select id, tracking_code, agency_id, applicant_kind, applicant_name, applicant_id_number, applicant_phone, \
             stage, lifecycle, version from applications where open_until = $1 and agency_id in ({placeholders}) \
             order by id limit {}",
            limit.clamp(1, 10_000)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(crate::applications::OPEN);
        for a in agencies {
            q = q.bind(a.as_str().to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let id = ApplicationId(r.try_get(0)?);
                let what = format!("申请 {id}");
                let kind: String = r.try_get(3)?;
                let kind = codes::parse_applicant_kind(&kind).ok_or_else(|| Error::corrupt(&what, &kind))?;
                let (name, id_number): (String, String) = (r.try_get(4)?, r.try_get(5)?);
                let lifecycle: String = r.try_get(8)?;
                Ok(OpenApplication {
                    id,
                    tracking_code: r.try_get(1)?,
                    agency: agency_id(r.try_get(2)?)?,
                    applicant: MaskedApplicant::new(kind, name, id_number, &r.try_get::<String, _>(6)?),
                    stage: r.try_get(7)?,
                    lifecycle: serde_json::from_str(&lifecycle).map_err(|e| Error::corrupt(&what, e))?,
                    version: r.try_get(9)?,
                })
            })
            .collect()
    }

    /// The agency handling an application.
    pub async fn application_agency(&self, id: ApplicationId) -> Result<Option<AgencyId>> {
        let agency: Option<String> = sqlx::query_scalar("select agency_id from applications where id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        agency.map(agency_id).transpose()
    }

    /// One application with its personal data masked (as lists show it); not logged, since
    /// nothing personal is shown in full. For readers who may not see personal data (督查).
    pub async fn application_masked(&self, id: ApplicationId) -> Result<ApplicationDetail> {
        let found = self.masked_where("a.id = $1", MaskedKey::Id(id.0)).await?;
        Ok(found.ok_or(Error::ApplicationNotFound(id))?.0)
    }

    /// The application behind a tracking code, masked as [`Store::application_masked`], with
    /// the hash of the applicant's secret (none: registered offline): what the public tracking
    /// page needs, in one read of the application.
    pub async fn tracked_application(
        &self,
        tracking_code: &str,
    ) -> Result<Option<(ApplicationDetail, Option<String>)>> {
        self.masked_where("a.tracking_code = $1", MaskedKey::Code(tracking_code.trim())).await
    }

    async fn masked_where(
        &self,
        condition: &'static str,
        key: MaskedKey<'_>,
    ) -> Result<Option<(ApplicationDetail, Option<String>)>> {
        let sql = format!(
            "select a.id, a.tracking_code, a.agency_id, a.applicant_kind, a.applicant_name, a.applicant_id_number, \
             a.applicant_phone, a.applicant_address, a.channel, a.delivery, a.registered_on, a.lifecycle, a.version, \
             a.created_at, a.updated_at, s.secret_hash, \
             a.applicant_id_type, a.applicant_email, a.applicant_representative, a.applicant_contact_person \
             from applications a left join application_secrets s on s.application_id = a.id where {condition}"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        let query = match key {
            MaskedKey::Id(id) => query.bind(id),
            MaskedKey::Code(code) => query.bind(code.to_string()),
        };
        let Some(row) = query.fetch_optional(&self.pool).await? else { return Ok(None) };
        let id = ApplicationId(row.try_get(0)?);
        let items: Vec<String> =
            sqlx::query_scalar("select description from application_items where application_id = $1 order by position")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?;
        let what = format!("申请 {id}");
        let kind: String = row.try_get(3)?;
        let kind = codes::parse_applicant_kind(&kind).ok_or_else(|| Error::corrupt(&what, &kind))?;
        let natural = kind == ApplicantKind::Natural;
        let (name, id_number): (String, String) = (row.try_get(4)?, row.try_get(5)?);
        let channel: String = row.try_get(8)?;
        let lifecycle: String = row.try_get(11)?;
        let (id_type, email, representative, contact_person) =
            crate::applications::applicant_details(&row, 16, &id_number, kind)?;
        let detail = ApplicationDetail {
            id,
            tracking_code: row.try_get(1)?,
            agency: agency_id(row.try_get(2)?)?,
            applicant: Applicant {
                kind,
                name: if natural { mask::name(&name) } else { name },
                id_type,
                id_number: if natural { mask::id_number(&id_number) } else { id_number },
                phone: mask::phone(&row.try_get::<String, _>(6)?),
                address: mask::address(&row.try_get::<String, _>(7)?),
                email: mask::email(&email),
                representative: mask::name(&representative),
                contact_person: mask::name(&contact_person),
            },
            channel: codes::parse_channel(&channel).ok_or_else(|| Error::corrupt(&what, &channel))?,
            delivery: row.try_get(9)?,
            registered_on: parse_date(&what, &row.try_get::<String, _>(10)?)?,
            items,
            lifecycle: serde_json::from_str(&lifecycle).map_err(|e| Error::corrupt(&what, e))?,
            version: row.try_get(12)?,
            created_at: row.try_get(13)?,
            updated_at: row.try_get(14)?,
        };
        Ok(Some((detail, row.try_get(15)?)))
    }

    /// The first and last registration years of an agency's applications.
    pub async fn application_years(&self, agency: &AgencyId) -> Result<Option<(i16, i16)>> {
        let row = sqlx::query("select min(registered_on), max(registered_on) from applications where agency_id = $1")
            .bind(agency.as_str())
            .fetch_one(&self.pool)
            .await?;
        let (first, last): (Option<String>, Option<String>) = (row.try_get(0)?, row.try_get(1)?);
        let year = |s: Option<String>| s.and_then(|s| s.get(..4).and_then(|y| y.parse::<i16>().ok()));
        Ok(year(first).zip(year(last)))
    }
}

/// How [`Store::masked_where`] finds the application.
enum MaskedKey<'a> {
    Id(i64),
    Code(&'a str),
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
