//! Inputs kept alongside casework: table 二 figures per agency and year, and holiday schedules
//! imported by an administrator (next year's notice, before a release ships it).

use std::collections::BTreeMap;

use gongkai_core::Figure;
use gongkai_core::calendar::Calendar;
use gongkai_core::compile::format_for_year;
use gongkai_core::keys;
use gongkai_core::report::Format;
use sqlx::Row;

use crate::{Actor, AgencyId, Error, Result, Store, audit, now};

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
        let format = format_for_year(year).map_err(|e| Error::invalid("统计年度", e.to_string()))?;
        let allowed = if format == Format::National2019 { keys::T2_2019 } else { keys::T2_2021 };
        if !allowed.iter().any(|(k, _)| *k == key) {
            return Err(Error::invalid("表二数据项", format!("“{key}”不属于{}的表二", format.label())));
        }
        if value.as_f64() < 0.0 && !key.ends_with(".delta") {
            return Err(Error::invalid("表二数据项", format!("“{}”不能为负数", keys::label(key))));
        }
        self.require_agency(agency).await?;
        let at = now();
        let text = figure_text(value);
        let mut tx = self.pool.begin().await?;
        let before: Option<String> =
            sqlx::query_scalar("select value from table2_inputs where agency_id = $1 and year = $2 and key = $3")
                .bind(agency.as_str())
                .bind(i64::from(year))
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "insert into table2_inputs (agency_id, year, key, value, updated_at) values ($1, $2, $3, $4, $5) \
             on conflict (agency_id, year, key) do update set value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(agency.as_str())
        .bind(i64::from(year))
        .bind(key)
        .bind(&text)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let json = |v: &str| serde_json::json!({ "key": key, "value": v }).to_string();
        let entity = format!("table2/{agency}/{year}");
        audit(&mut tx, actor, &at, &entity, "set", before.as_deref().map(json), Some(json(&text))).await?;
        tx.commit().await?;
        Ok(())
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
    /// year again replaces it. Returns the year.
    pub async fn import_calendar_year(&self, json: &str, actor: &Actor) -> Result<i16> {
        let year = serde_json::from_str::<serde_json::Value>(json)
            .ok()
            .and_then(|v| v.get("year").and_then(|y| y.as_i64()))
            .and_then(|y| i16::try_from(y).ok())
            .ok_or_else(|| Error::invalid("节假日安排", "JSON中没有有效的“year”字段"))?;
        // Validate against everything else that is loaded, this year excluded.
        let mut calendar = Calendar::official().clone();
        for (y, text) in self.calendar_years().await? {
            if y != year {
                calendar = calendar.with_year_json(&text)?;
            }
        }
        calendar.with_year_json(json)?;
        let at = now();
        let mut tx = self.pool.begin().await?;
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
        audit(&mut tx, actor, &at, &format!("calendar/{year}"), "import", None, Some(json.to_string())).await?;
        tx.commit().await?;
        Ok(year)
    }

    /// The imported schedules, by year.
    pub async fn calendar_years(&self) -> Result<Vec<(i16, String)>> {
        let rows =
            sqlx::query("select year, notice_json from calendar_years order by year").fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let year: i64 = r.try_get(0)?;
                let year = i16::try_from(year).map_err(|e| Error::corrupt("节假日安排年份", e))?;
                Ok((year, r.try_get(1)?))
            })
            .collect()
    }

    /// The working-day calendar: the compiled-in schedule plus every imported year.
    pub async fn calendar(&self) -> Result<Calendar> {
        let mut calendar = Calendar::official().clone();
        for (_, text) in self.calendar_years().await? {
            calendar = calendar.with_year_json(&text)?;
        }
        Ok(calendar)
    }
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
