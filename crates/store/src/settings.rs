//! Inputs kept alongside casework: table 二 figures per agency and year, and holiday schedules
//! imported by an administrator (next year's notice, before a release ships it).

use std::borrow::Cow;
use std::collections::BTreeMap;

use gongkai_core::Figure;
use gongkai_core::calendar::Calendar;
use gongkai_core::compile::format_for_year;
use gongkai_core::keys;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::applications::recompute_due_dates;
use crate::{Actor, AgencyId, DueDateChange, Error, Result, Store, audit, now};

fn figure_text(v: Figure) -> String {
    match v {
        Figure::Count(n) => n.to_string(),
        Figure::Amount(x) => format!("{x:?}"),
    }
}

fn figure_parse(s: &str) -> Option<Figure> {
    s.parse::<i64>()
        .map(Figure::Count)
        .ok()
        .or_else(|| s.parse::<f64>().ok().filter(|x| x.is_finite()).map(Figure::Amount))
}

impl Store {
    /// Sets one table 二 figure of `agency` for `year`. The key must belong to that year's
    /// format; only the 本年增/减 figures of the 2019 format may be negative.
    pub async fn set_table2(
        &self,
        agency: &AgencyId,
        year: i16,
        key: &str,
        value: Figure,
        actor: &Actor,
    ) -> Result<()> {
        self.set_table2_all(agency, year, &[(key.to_string(), Some(value))], actor).await
    }

    /// Sets (`Some`) or clears (`None`) table 二 figures of `agency` for `year`, all or none: every
    /// key is checked before anything is written, in one transaction; each change is in the
    /// audit log, an unchanged figure writes nothing.
    pub async fn set_table2_all(
        &self,
        agency: &AgencyId,
        year: i16,
        values: &[(String, Option<Figure>)],
        actor: &Actor,
    ) -> Result<()> {
        let format = format_for_year(year).map_err(|e| Error::invalid("统计年度", e.to_string()))?;
        let allowed = gongkai_core::publish::table2_keys(format);
        for (key, value) in values {
            if !allowed.iter().any(|(k, _)| k == key) {
                return Err(Error::invalid("表二数据项", format!("“{key}”不属于{}的表二", format.label())));
            }
            if value.is_some_and(|v| v.as_f64() < 0.0) && !key.ends_with(".delta") {
                return Err(Error::invalid("表二数据项", format!("“{}”不能为负数", keys::label(key))));
            }
        }
        self.require_agency(agency).await?;
        let at = now();
        let entity = format!("table2/{agency}/{year}");
        let json = |key: &str, v: &str| serde_json::json!({ "key": key, "value": v }).to_string();
        let mut tx = self.begin_write().await?;
        for (key, value) in values {
            let before: Option<String> =
                sqlx::query_scalar("select value from table2_inputs where agency_id = $1 and year = $2 and key = $3")
                    .bind(agency.as_str())
                    .bind(i64::from(year))
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
            let text = value.map(figure_text);
            if before == text {
                continue;
            }
            match &text {
                Some(text) => {
                    sqlx::query(
                        "insert into table2_inputs (agency_id, year, key, value, updated_at) values ($1, $2, $3, $4, $5) \
                         on conflict (agency_id, year, key) do update set value = excluded.value, updated_at = excluded.updated_at",
                    )
                    .bind(agency.as_str())
                    .bind(i64::from(year))
                    .bind(key)
                    .bind(text)
                    .bind(&at)
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("delete from table2_inputs where agency_id = $1 and year = $2 and key = $3")
                        .bind(agency.as_str())
                        .bind(i64::from(year))
                        .bind(key)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let (before, after) = (before.as_deref().map(|v| json(key, v)), text.as_deref().map(|v| json(key, v)));
            let action = if after.is_some() { "set" } else { "clear" };
            audit(&mut tx, actor, &at, &entity, action, before, after).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Table 二 of `agency` for `year` as its entry form shows it: every row of the year's
    /// format with the figure the report will carry and where it comes from (counted from the
    /// items, entered, or still missing).
    pub async fn table2_sheet(&self, agency: &AgencyId, year: i16) -> Result<Vec<gongkai_core::publish::Table2Line>> {
        let format = format_for_year(year).map_err(|e| Error::invalid("统计年度", e.to_string()))?;
        let entered = self.table2_inputs(agency, year).await?;
        let items = self.item_facts(agency).await?;
        Ok(gongkai_core::publish::table2_sheet(year, format, &items, &entered))
    }

    /// The table 二 figures of `agency` for `year`.
    pub async fn table2_inputs(&self, agency: &AgencyId, year: i16) -> Result<BTreeMap<String, Figure>> {
        let rows = sqlx::query("select key, value from table2_inputs where agency_id = $1 and year = $2")
            .bind(agency.as_str())
            .bind(i64::from(year))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let key: String = r.try_get(0)?;
                let value: String = r.try_get(1)?;
                let figure = figure_parse(&value).ok_or_else(|| Error::corrupt(format!("表二数据项 {key}"), &value))?;
                Ok((key, figure))
            })
            .collect()
    }

    /// Imports one year's holiday schedule (the JSON of a `holiday-cn` year file), checked by
    /// the core calendar against the compiled-in years and those imported before. Importing a
    /// year again replaces it. Returns the year. See [`Store::import_calendar`].
    pub async fn import_calendar_year(&self, json: &str, actor: &Actor) -> Result<i16> {
        Ok(self.import_calendar(json, actor).await?.year)
    }

    /// Imports one year's holiday schedule like [`Store::import_calendar_year`] and, in the same
    /// transaction, recomputes the reply deadline of every open application under the new
    /// calendar; each deadline that moves is written to the audit log (before and after).
    pub async fn import_calendar(&self, json: &str, actor: &Actor) -> Result<CalendarImport> {
        let year = serde_json::from_str::<serde_json::Value>(json)
            .ok()
            .and_then(|v| v.get("year").and_then(|y| y.as_i64()))
            .and_then(|y| i16::try_from(y).ok())
            .ok_or_else(|| Error::invalid("节假日安排", "JSON中没有有效的“year”字段"))?;
        let at = now();
        let mut tx = self.begin_write().await?;
        // The write comes first: on SQLite it takes the write lock, so no application can be
        // registered or advanced under the old calendar until this commits.
        let replaced: Option<String> = sqlx::query_scalar("select notice_json from calendar_years where year = $1")
            .bind(i64::from(year))
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query(
            "insert into calendar_years (year, notice_json, imported_by, imported_at) values ($1, $2, $3, $4) \
             on conflict (year) do update set notice_json = excluded.notice_json, imported_by = excluded.imported_by, \
             imported_at = excluded.imported_at",
        )
        .bind(i64::from(year))
        .bind(json)
        .bind(actor.as_str())
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        // Validate against everything else that is loaded (the compiled-in years and the other
        // imported ones); on error `tx` is dropped and nothing changes.
        let mut calendar = Calendar::official().clone();
        for (y, text) in calendar_years_in(&mut tx).await? {
            if y != year {
                calendar = calendar.with_year_json(&text)?;
            }
        }
        let calendar = calendar.with_year_json(json)?;
        let was_loaded = replaced.is_some() || Calendar::official().has_year(year);
        audit(&mut tx, actor, &at, &format!("calendar/{year}"), "import", replaced, Some(json.to_string())).await?;
        let why = serde_json::json!({ "calendar_import": year });
        let changes = recompute_due_dates(&mut tx, &calendar, actor, &at, false, &why).await?;
        tx.commit().await?;
        Ok(CalendarImport { year, replaced: was_loaded, due_dates: changes })
    }

    /// The imported schedules, by year.
    pub async fn calendar_years(&self) -> Result<Vec<(i16, String)>> {
        let mut conn = self.pool.acquire().await?;
        calendar_years_in(&mut conn).await
    }

    /// The imported schedules with who imported them and when, by year.
    pub async fn imported_calendar_years(&self) -> Result<Vec<ImportedYear>> {
        let rows = sqlx::query("select year, imported_by, imported_at from calendar_years order by year")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ImportedYear {
                    year: year_of(r.try_get(0)?)?,
                    imported_by: r.try_get(1)?,
                    imported_at: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// The working-day calendar: the compiled-in schedule plus every imported year.
    pub async fn calendar(&self) -> Result<Calendar> {
        let mut conn = self.pool.acquire().await?;
        Ok(calendar_in(&mut conn).await?.into_owned())
    }
}

/// What [`Store::import_calendar`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarImport {
    pub year: i16,
    /// The year was loaded already (built in, or imported before) and this import replaces it.
    pub replaced: bool,
    /// The open applications whose reply deadline moved, by id.
    pub due_dates: Vec<DueDateChange>,
}

/// One imported year's schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedYear {
    pub year: i16,
    pub imported_by: String,
    /// RFC 3339, UTC.
    pub imported_at: String,
}

fn year_of(y: i64) -> Result<i16> {
    i16::try_from(y).map_err(|e| Error::corrupt("节假日安排年份", e))
}

async fn calendar_years_in(conn: &mut AnyConnection) -> Result<Vec<(i16, String)>> {
    let rows = sqlx::query("select year, notice_json from calendar_years order by year").fetch_all(conn).await?;
    rows.iter().map(|r| Ok((year_of(r.try_get(0)?)?, r.try_get(1)?))).collect()
}

/// The working-day calendar (the compiled-in schedule plus every imported year) as seen by
/// `conn` (inside a transaction: consistent with what it writes). Borrowed when nothing was
/// imported.
pub(crate) async fn calendar_in(conn: &mut AnyConnection) -> Result<Cow<'static, Calendar>> {
    let years = calendar_years_in(conn).await?;
    if years.is_empty() {
        return Ok(Cow::Borrowed(Calendar::official()));
    }
    let mut calendar = Calendar::official().clone();
    for (_, text) in years {
        calendar = calendar.with_year_json(&text)?;
    }
    Ok(Cow::Owned(calendar))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_round_trip_as_text() {
        for f in [Figure::Count(12), Figure::Count(-3), Figure::Amount(3.25), Figure::Amount(0.1)] {
            assert_eq!(figure_parse(&figure_text(f)), Some(f));
        }
    }
}
