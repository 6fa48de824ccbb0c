//! What the report compiler reads for one agency and year ([`Records`]), streamed from the
//! database: a year of a million applications is one index range, read row by row.

use futures_util::TryStreamExt;
use gongkai_core::case::ApplicantKind;
use gongkai_core::case::review::Remedy;
use gongkai_core::case::tally::CaseFacts;
use gongkai_core::compile::{FeePaid, Records};
use jiff::civil::Date;
use sqlx::Row;

use std::collections::BTreeMap;

use gongkai_core::supervise::Punctuality;

use crate::{AgencyId, Error, Result, Store, codes, parse_date};

/// A stored date, quickly: `YYYY-MM-DD` is parsed by hand (the year query reads a million).
fn fast_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return s.parse().ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        b[r].iter().try_fold(0i32, |acc, &d| d.is_ascii_digit().then(|| acc * 10 + i32::from(d - b'0')))
    };
    Date::new(num(0..4)? as i16, num(5..7)? as i8, num(8..10)? as i8).ok()
}

fn kind_of(code: &str) -> Option<ApplicantKind> {
    Some(match code {
        "natural" => ApplicantKind::Natural,
        "commercial" => ApplicantKind::Commercial,
        "research" => ApplicantKind::Research,
        "public_interest" => ApplicantKind::PublicInterest,
        "legal_service" => ApplicantKind::LegalService,
        "other_org" => ApplicantKind::OtherOrg,
        _ => return None,
    })
}

impl Store {
    /// Everything [`gongkai_core::compile::compile`] needs for `agency` and `year`: the
    /// applications received by 31 December and open on or after 1 January, the reviews and
    /// suits filed by 31 December and open on 1 January, the fees paid in the year and the
    /// table 二 inputs.
    pub async fn records(&self, agency: &AgencyId, year: i16) -> Result<Records> {
        self.require_agency(agency).await?;
        let start = format!("{year:04}-01-01");
        let end = format!("{year:04}-12-31");
        let mut records = Records::default();

        // Served by the covering index `applications_tally`. One text column per row: the Any
        // driver's cost is per value, and this query reads up to millions of rows.
        let mut rows = sqlx::query(
            "select applicant_kind || ',' || received_on || ',' || coalesce(concluded_on, '') || ',' || \
             coalesce(outcome, '') from applications where agency_id = $1 and open_until >= $2 and received_on <= $3",
        )
        .bind(agency.as_str())
        .bind(&start)
        .bind(&end)
        .fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let line: &str = row.try_get(0)?;
            let bad = |what: &str| Error::corrupt("申请统计数据", format!("{what}：{line}"));
            let mut parts = line.split(',');
            let (Some(kind), Some(received), Some(concluded_on), Some(outcome)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad("字段不全"));
            };
            let concluded = match (concluded_on, outcome) {
                ("", "") => None,
                ("", _) | (_, "") => return Err(bad("办结日期与结果不一致")),
                (d, o) => Some((
                    fast_date(d).ok_or_else(|| bad("办结日期"))?,
                    codes::parse_outcome(o).ok_or_else(|| bad("办理结果"))?,
                )),
            };
            records.cases.push(CaseFacts {
                applicant: kind_of(kind).ok_or_else(|| bad("申请人类型"))?,
                received: Some(fast_date(received).ok_or_else(|| bad("收到申请日期"))?),
                concluded,
            });
        }
        drop(rows);

        let mut rows = sqlx::query(
            "select kind, filed_on, result, result_on from remedies \
             where agency_id = $1 and filed_on <= $2 and (result_on is null or result_on >= $3)",
        )
        .bind(agency.as_str())
        .bind(&end)
        .bind(&start)
        .fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let kind: String = row.try_get(0)?;
            let filed: String = row.try_get(1)?;
            let result: Option<String> = row.try_get(2)?;
            let result_on: Option<String> = row.try_get(3)?;
            let bad = |d: &str| Error::corrupt("复议诉讼数据", d.to_string());
            let result = match (result, result_on) {
                (Some(r), Some(d)) => {
                    Some((parse_date("复议诉讼结果日期", &d)?, codes::parse_remedy_result(&r).ok_or_else(|| bad(&r))?))
                }
                _ => None,
            };
            records.remedies.push(Remedy {
                kind: codes::parse_remedy_kind(&kind).ok_or_else(|| bad(&kind))?,
                filed_on: parse_date("复议诉讼日期", &filed)?,
                result,
            });
        }
        drop(rows);

        let mut rows = sqlx::query(
            "select paid_on, amount_yuan from fee_payments where agency_id = $1 and paid_on >= $2 and paid_on <= $3",
        )
        .bind(agency.as_str())
        .bind(&start)
        .bind(&end)
        .fetch(&self.pool);
        while let Some(row) = rows.try_next().await? {
            let paid: String = row.try_get(0)?;
            let amount: i64 = row.try_get(1)?;
            records
                .fees
                .push(FeePaid { paid_on: parse_date("缴费日期", &paid)?, amount_yuan: amount.max(0) as u64 });
        }
        drop(rows);

        // Table 二: rules and normative documents counted from the published items, the
        // other rows (licensing, penalties, coercion, fees) from what the office entered.
        let entered = self.table2_inputs(agency, year).await?;
        records.table2 = match gongkai_core::compile::format_for_year(year) {
            Ok(format) => {
                let items = self.item_facts(agency).await?;
                gongkai_core::publish::table2_for_report(year, format, &items, entered)
            }
            Err(_) => entered,
        };
        Ok(records)
    }

    /// 办理时效 per agency of the answers given on this platform in `year` (answered in the
    /// year), summed by the database from the columns derived when each answer was recorded.
    pub async fn punctuality(&self, year: i32) -> Result<BTreeMap<AgencyId, Punctuality>> {
        let rows = sqlx::query(
            "select agency_id, count(*), coalesce(sum(answered_on_time), 0), coalesce(sum(working_days_taken), 0) \
             from applications where concluded_on >= $1 and concluded_on <= $2 and working_days_taken is not null \
             group by agency_id",
        )
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{year:04}-12-31"))
        .fetch_all(&self.pool)
        .await?;
        let mut out = BTreeMap::new();
        for row in rows {
            let agency: String = row.try_get(0)?;
            let agency = AgencyId::new(&agency).map_err(|e| Error::corrupt("机构代码", e))?;
            out.insert(
                agency,
                Punctuality { answered: row.try_get(1)?, on_time: row.try_get(2)?, working_days: row.try_get(3)? },
            );
        }
        Ok(out)
    }

    /// Fills in 办理时效 of answers recorded before it was kept (migration 0015), from each
    /// stored lifecycle and the calendar; returns how many rows were filled. Derived figures,
    /// not a change of any case: not audit-logged.
    pub async fn backfill_timeliness(&self) -> Result<usize> {
        let pending: Vec<(i64, String)> = sqlx::query_as(
            "select id, lifecycle from applications where concluded_on is not null and working_days_taken is null \
             and outcome not like 'other%'",
        )
        .fetch_all(&self.pool)
        .await?;
        if pending.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let calendar = crate::settings::calendar_in(&mut tx).await?;
        let mut filled = 0;
        for (id, json) in pending {
            let lc: gongkai_core::case::Lifecycle =
                serde_json::from_str(&json).map_err(|e| Error::corrupt(format!("申请 {id} 的办理状态"), e))?;
            let Some(t) = lc.timeliness(&calendar) else { continue };
            sqlx::query("update applications set answered_on_time = $1, working_days_taken = $2 where id = $3")
                .bind(i64::from(t.on_time()))
                .bind(i64::from(t.working_days))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            filled += 1;
        }
        tx.commit().await?;
        Ok(filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_dates_agree_with_jiff() {
        for s in ["2025-01-01", "2024-02-29", "9999-12-31"] {
            assert_eq!(fast_date(s), s.parse().ok(), "{s}");
        }
        assert_eq!(fast_date("2025-02-30"), None);
        assert_eq!(fast_date("2025-1x-01"), None);
    }
}
