//! Proactive disclosure items (主动公开信息): creation with a 索引号 from the agency's scheme,
//! the confidentiality review workflow under optimistic concurrency, history, validity changes,
//! the search outbox, bulk import, and the facts table 二 is derived from.

use gongkai_core::publish::{
    Action, Channel, Disclosure, DocKind, Genre, IndexScheme, ItemFacts, ItemFields, Status, Topic, Validity, Workflow,
    html_to_text,
};
use jiff::civil::Date;
use serde::Serialize;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{AnyConnection, Row};

pub use crate::ids::{CatalogNodeId, ItemId};
use crate::{Actor, AgencyId, Error, Result, Store, audit, now, parse_date, parse_opt_date};

/// An item as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub agency: AgencyId,
    /// 索引号
    pub index_no: String,
    #[serde(flatten)]
    pub fields: ItemFields,
    /// The plain text of the body (what search indexes).
    pub body_text: String,
    pub catalog_node: Option<CatalogNodeId>,
    pub workflow: Workflow,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// One line of an item list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSummary {
    pub id: ItemId,
    pub agency: AgencyId,
    pub index_no: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub written_on: Date,
    pub published_on: Option<Date>,
    pub kind: DocKind,
    pub status: Status,
    pub version: i64,
}

/// Which items to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    pub agency: Option<AgencyId>,
    pub status: Option<Status>,
    /// Items filed under this node or any node below it.
    pub catalog_node: Option<CatalogNodeId>,
    /// How many of the ordered items to skip (paging).
    pub offset: u64,
    /// 0 means 50; at most 1,000.
    pub limit: u32,
}

impl ItemQuery {
    /// The `where` clause of the query (empty when it selects everything) and its bound values.
    fn filter(&self) -> (String, Vec<String>) {
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        if let Some(a) = &self.agency {
            binds.push(a.as_str().to_string());
            conditions.push(format!("agency_id = ${}", binds.len()));
        }
        if let Some(s) = self.status {
            binds.push(s.code().to_string());
            conditions.push(format!("status = ${}", binds.len()));
        }
        if let Some(n) = self.catalog_node {
            // The node and its whole subtree: a branch lists what its sub-branches hold.
            conditions.push(format!(
                "catalog_node_id in (with recursive sub(id) as (select id from catalog_nodes where id = {} \
                 union all select c.id from catalog_nodes c join sub on c.parent_id = sub.id) select id from sub)",
                n.0
            ));
        }
        let clause = if conditions.is_empty() { String::new() } else { format!("where {}", conditions.join(" and ")) };
        (clause, binds)
    }
}

/// An item named by a link between items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedItem {
    pub id: ItemId,
    pub title: String,
    pub status: Status,
}

/// What links an item to its 政策解读 or to the document it explains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InterpretationLinks {
    /// The document this item interprets.
    pub interprets: Option<LinkedItem>,
    /// The interpretations of this item.
    pub interpreted_by: Vec<LinkedItem>,
}

/// One step in an item's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemEvent {
    pub actor: String,
    pub at: String,
    pub action: String,
    pub status_before: Option<String>,
    pub status_after: String,
    pub note: Option<String>,
}

/// A node of a catalog (公开目录), flat; `parent` links them into the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogNode {
    pub id: CatalogNodeId,
    pub agency: AgencyId,
    pub parent: Option<CatalogNodeId>,
    pub name: String,
    pub position: i64,
}

/// The guide (公开指南) of an agency, as editable HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Guide {
    pub agency: AgencyId,
    pub content_html: String,
    pub updated_by: String,
    pub updated_at: String,
    pub version: i64,
}

/// An item of a bulk import: its fields, and for items already published elsewhere the
/// people and dates of review and publication (history, kept as given).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedItem {
    pub agency: AgencyId,
    pub fields: ItemFields,
    pub catalog_node: Option<CatalogNodeId>,
    /// `None`: a draft. `Some`: published on that date.
    pub published: Option<PublishedHistory>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedHistory {
    pub on: Date,
    pub drafted_by: String,
    pub reviewed_by: String,
    pub published_by: String,
}

/// A change the search index must apply: the item's current state decides (index it when
/// published, drop it otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchChange {
    pub seq: i64,
    pub item: ItemId,
}

const ITEM_COLUMNS: &str = "id, agency_id, index_no, title, body_html, body_text, doc_number, issuer, written_on, \
     topic, genre, kind, disclosure, disclosure_reason, validity, valid_since, valid_until, channels, catalog_node_id, \
     status, drafted_by, reviewed_by, published_by, published_on, withdrawn_on, withdraw_reason, version, created_at, \
     updated_at";

fn not_found(id: ItemId) -> Error {
    Error::ItemNotFound(id)
}

/// Binds the 15 editable columns of an item, from `title` to `channels`, in table order: the
/// insert and the update write them alike.
fn bind_item_fields<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, AnyArguments>,
    fields: &ItemFields,
) -> sqlx::query::Query<'q, sqlx::Any, AnyArguments> {
    q.bind(fields.title.clone())
        .bind(fields.body_html.clone())
        .bind(html_to_text(&fields.body_html))
        .bind(fields.doc_number.clone())
        .bind(fields.issuer.clone())
        .bind(fields.written_on.to_string())
        .bind(fields.topic.code())
        .bind(fields.genre.code())
        .bind(fields.kind.code())
        .bind(fields.disclosure.code())
        .bind(fields.disclosure.reason().map(str::to_string))
        .bind(fields.validity.map(|v| v.code()))
        .bind(fields.validity.map(|v| v.since().to_string()))
        .bind(fields.validity.and_then(|v| v.ended()).map(|d| d.to_string()))
        .bind(channels_text(&fields.channels))
}

fn channels_text(channels: &[Channel]) -> String {
    channels.iter().map(|c| c.code()).collect::<Vec<_>>().join(",")
}

/// The default scheme of an agency that has not set one: its id, upper-cased, as the org code.
fn default_scheme(agency: &AgencyId) -> IndexScheme {
    let org: String = agency.as_str().chars().map(|c| if c == '_' { '-' } else { c.to_ascii_uppercase() }).collect();
    IndexScheme::new(&org, IndexScheme::DEFAULT_PATTERN).expect("an agency id is a valid org code")
}

impl Store {
    /// Sets the agency's 索引号 scheme; numbers already given keep their form.
    pub async fn set_index_scheme(&self, agency: &AgencyId, scheme: &IndexScheme, actor: &Actor) -> Result<()> {
        self.require_agency(agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "insert into index_schemes (agency_id, org_code, pattern, updated_at) values ($1, $2, $3, $4) \
             on conflict (agency_id) do update set org_code = excluded.org_code, pattern = excluded.pattern, \
             updated_at = excluded.updated_at",
        )
        .bind(agency.as_str())
        .bind(scheme.org_code())
        .bind(scheme.pattern())
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "org_code": scheme.org_code(), "pattern": scheme.pattern() }).to_string();
        audit(&mut tx, actor, &at, &format!("index_scheme/{agency}"), "set", None, Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The agency's 索引号 scheme (the default `{org}/{year}-{serial:5}` over its id when unset).
    pub async fn index_scheme(&self, agency: &AgencyId) -> Result<IndexScheme> {
        let row = sqlx::query("select org_code, pattern from index_schemes where agency_id = $1")
            .bind(agency.as_str())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(default_scheme(agency)),
            Some(r) => {
                let (org, pattern): (String, String) = (r.try_get(0)?, r.try_get(1)?);
                IndexScheme::new(&org, &pattern).map_err(|e| Error::corrupt("索引号规则", e))
            }
        }
    }

    /// Creates a draft by `actor`, giving it the next 索引号 of the agency's scheme for the year
    /// of its 成文日期. Numbers are unique even when many staff create items at once: the counter
    /// row is taken with an upsert, which serialises the writers of one agency and year.
    pub async fn create_item(
        &self,
        agency: &AgencyId,
        fields: ItemFields,
        catalog_node: Option<CatalogNodeId>,
        actor: &Actor,
    ) -> Result<Item> {
        let fields = fields.normalize().map_err(|e| Error::invalid("公开信息", e.to_string()))?;
        self.require_agency(agency).await?;
        let scheme = self.index_scheme(agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        if let Some(node) = catalog_node {
            check_node(&mut tx, agency, node).await?;
        }
        let workflow = Workflow::draft(actor.as_str());
        let id = insert_item(&mut tx, agency, &scheme, &fields, catalog_node, &workflow, &at).await?;
        insert_event(&mut tx, id, actor, &at, "create", None, Status::Draft, None).await?;
        let after = serde_json::to_string(&fields).ok();
        audit(&mut tx, actor, &at, &format!("item/{id}"), "create", None, after).await?;
        tx.commit().await?;
        self.item(id).await
    }

    /// Replaces the fields of a draft (or of a reviewed item, which returns to draft) whose
    /// version the caller last saw as `expected_version`.
    pub async fn update_item(
        &self,
        id: ItemId,
        expected_version: i64,
        fields: ItemFields,
        actor: &Actor,
    ) -> Result<Item> {
        let fields = fields.normalize().map_err(|e| Error::invalid("公开信息", e.to_string()))?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let before = lock_item(&mut tx, id, expected_version).await?;
        let workflow = before
            .workflow
            .apply(&Action::Edit, actor.as_str(), fields.written_on)
            .map_err(|e| Error::invalid("保密审查", e.to_string()))?;
        let update = sqlx::query(
            "update items set title = $1, body_html = $2, body_text = $3, doc_number = $4, issuer = $5, \
             written_on = $6, topic = $7, genre = $8, kind = $9, disclosure = $10, disclosure_reason = $11, \
             validity = $12, valid_since = $13, valid_until = $14, channels = $15, status = $16, reviewed_by = $17, \
             updated_at = $18 where id = $19",
        );
        bind_item_fields(update, &fields)
            .bind(workflow.status.code())
            .bind(workflow.reviewed_by.clone())
            .bind(&at)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        replace_attachments(&mut tx, id, &fields.attachments).await?;
        insert_event(&mut tx, id, actor, &at, "edit", Some(before.workflow.status), workflow.status, None).await?;
        let (b, a) = (serde_json::to_string(&before.fields).ok(), serde_json::to_string(&fields).ok());
        audit(&mut tx, actor, &at, &format!("item/{id}"), "edit", b, a).await?;
        tx.commit().await?;
        self.item(id).await
    }

    /// A workflow step (approve or reject in 保密审查, publish, withdraw) by `actor` on an item
    /// whose version the caller last saw as `expected_version`. Publication and withdrawal are
    /// queued for the search indexes in the same transaction.
    pub async fn item_action(&self, id: ItemId, expected_version: i64, action: &Action, actor: &Actor) -> Result<Item> {
        if matches!(action, Action::Edit) {
            return Err(Error::invalid("操作", "修改内容请使用 update_item"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let before = lock_item(&mut tx, id, expected_version).await?;
        let after = before
            .workflow
            .apply(action, actor.as_str(), before.fields.written_on)
            .map_err(|e| Error::invalid("保密审查", e.to_string()))?;
        sqlx::query(
            "update items set status = $1, reviewed_by = $2, published_by = $3, published_on = $4, withdrawn_on = $5, \
             withdraw_reason = $6, updated_at = $7 where id = $8",
        )
        .bind(after.status.code())
        .bind(after.reviewed_by.clone())
        .bind(after.published_by.clone())
        .bind(after.published_on.map(|d| d.to_string()))
        .bind(after.withdrawn_on.map(|d| d.to_string()))
        .bind(after.withdraw_reason.clone())
        .bind(&at)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        let note = match action {
            Action::Approve { opinion } | Action::Reject { opinion } => Some(opinion.trim().to_string()),
            Action::Withdraw { reason, .. } => Some(reason.trim().to_string()),
            Action::Publish { on } => Some(on.to_string()),
            Action::Edit => None,
        };
        let code = action.code();
        insert_event(&mut tx, id, actor, &at, code, Some(before.workflow.status), after.status, note).await?;
        if matches!(action, Action::Publish { .. } | Action::Withdraw { .. }) {
            queue_search(&mut tx, id, &at).await?;
        }
        let (b, a) = (serde_json::to_string(&before.workflow).ok(), serde_json::to_string(&after).ok());
        audit(&mut tx, actor, &at, &format!("item/{id}"), code, b, a).await?;
        tx.commit().await?;
        self.item(id).await
    }

    /// Records that a rule or normative document expired or was abolished (or is in force again
    /// from a date): allowed in any status, since 废止 happens long after publication.
    pub async fn set_item_validity(
        &self,
        id: ItemId,
        expected_version: i64,
        validity: Validity,
        actor: &Actor,
    ) -> Result<Item> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let before = lock_item(&mut tx, id, expected_version).await?;
        let mut fields = before.fields.clone();
        fields.validity = Some(validity);
        fields.validate().map_err(|e| Error::invalid("效力状态", e.to_string()))?;
        sqlx::query(
            "update items set validity = $1, valid_since = $2, valid_until = $3, updated_at = $4 where id = $5",
        )
        .bind(validity.code())
        .bind(validity.since().to_string())
        .bind(validity.ended().map(|d| d.to_string()))
        .bind(&at)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        let status = before.workflow.status;
        let note = Some(format!("{}（{}）", validity.label(), validity.ended().unwrap_or(validity.since())));
        insert_event(&mut tx, id, actor, &at, "validity", Some(status), status, note).await?;
        if status == Status::Published {
            queue_search(&mut tx, id, &at).await?;
        }
        let (b, a) = (serde_json::to_string(&before.fields.validity).ok(), serde_json::to_string(&validity).ok());
        audit(&mut tx, actor, &at, &format!("item/{id}"), "validity", b, a).await?;
        tx.commit().await?;
        self.item(id).await
    }

    /// One item.
    pub async fn item(&self, id: ItemId) -> Result<Item> {
        let mut conn = self.pool.acquire().await?;
        read_item(&mut conn, id).await?.ok_or_else(|| not_found(id))
    }

    /// The item with a 索引号.
    pub async fn item_by_index_no(&self, index_no: &str) -> Result<Option<Item>> {
        let id: Option<i64> = sqlx::query_scalar("select id from items where index_no = $1")
            .bind(index_no.trim())
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => Ok(Some(self.item(ItemId(id)).await?)),
            None => Ok(None),
        }
    }

    /// Links the interpretation (政策解读) `item` to the `document` it explains, or unlinks it
    /// (`None`). Both must be items of the same agency, and a document cannot explain itself.
    /// Audited on the interpretation.
    pub async fn set_interpretation(&self, item: ItemId, document: Option<ItemId>, actor: &Actor) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let agency_of = async |conn: &mut AnyConnection, id: ItemId| -> Result<String> {
            sqlx::query_scalar::<_, String>("select agency_id from items where id = $1")
                .bind(id.0)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| not_found(id))
        };
        let agency = agency_of(&mut tx, item).await?;
        if let Some(doc) = document {
            if doc == item {
                return Err(Error::invalid("所解读的文件", "政策解读不能解读其自身"));
            }
            if agency_of(&mut tx, doc).await? != agency {
                return Err(Error::invalid("所解读的文件", "只能关联本机关的文件"));
            }
        }
        let before: Option<i64> = sqlx::query_scalar("select document_id from item_interpretations where item_id = $1")
            .bind(item.0)
            .fetch_optional(&mut *tx)
            .await?;
        if before == document.map(|d| d.0) {
            return Ok(());
        }
        sqlx::query("delete from item_interpretations where item_id = $1").bind(item.0).execute(&mut *tx).await?;
        if let Some(doc) = document {
            sqlx::query(
                "insert into item_interpretations (item_id, document_id, linked_at, linked_by) values ($1, $2, $3, $4)",
            )
            .bind(item.0)
            .bind(doc.0)
            .bind(&at)
            .bind(actor.as_str())
            .execute(&mut *tx)
            .await?;
        }
        let json = |d: Option<i64>| d.map(|d| serde_json::json!({ "document": d }).to_string());
        audit(&mut tx, actor, &at, &format!("item/{item}"), "interprets", json(before), json(document.map(|d| d.0)))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The document an interpretation explains, and the interpretations of a document: (the
    /// document `item` interprets, the items that interpret `item`), each as (id, title, status).
    pub async fn interpretation_links(&self, item: ItemId) -> Result<InterpretationLinks> {
        let row = |r: &AnyRow| -> Result<LinkedItem> {
            let status: String = r.try_get(2)?;
            Ok(LinkedItem {
                id: ItemId(r.try_get(0)?),
                title: r.try_get(1)?,
                status: Status::parse(&status).ok_or_else(|| Error::corrupt("公开信息的状态", &status))?,
            })
        };
        let interprets = sqlx::query(
            "select i.id, i.title, i.status from item_interpretations l join items i on i.id = l.document_id \
             where l.item_id = $1",
        )
        .bind(item.0)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(row)
        .transpose()?;
        let interpreted_by = sqlx::query(
            "select i.id, i.title, i.status from item_interpretations l join items i on i.id = l.item_id \
             where l.document_id = $1 order by i.id",
        )
        .bind(item.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(row)
        .collect::<Result<Vec<_>>>()?;
        Ok(InterpretationLinks { interprets, interpreted_by })
    }

    /// Several items by id, in id order; ids that do not exist are skipped.
    pub async fn items_by_ids(&self, ids: &[ItemId]) -> Result<Vec<Item>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        for chunk in ids.chunks(200) {
            let list = chunk.iter().map(|i| i.0.to_string()).collect::<Vec<_>>().join(",");
            let sql = format!("select {ITEM_COLUMNS} from items where id in ({list}) order by id");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *conn).await?;
            for row in &rows {
                let id = ItemId(row.try_get(0)?);
                let attachments = attachments(&mut conn, id).await?;
                out.push(item_from_row(row, attachments)?);
            }
        }
        Ok(out)
    }

    /// Published items with an id above `after`, by id (for a full reindex, page by page).
    pub async fn published_items_after(&self, after: Option<ItemId>, limit: u32) -> Result<Vec<Item>> {
        let ids: Vec<i64> =
            sqlx::query_scalar("select id from items where status = 'published' and id > $1 order by id limit $2")
                .bind(after.map_or(0, |i| i.0))
                .bind(i64::from(limit.clamp(1, 10_000)))
                .fetch_all(&self.pool)
                .await?;
        self.items_by_ids(&ids.into_iter().map(ItemId).collect::<Vec<_>>()).await
    }

    /// Items, newest first: by publication date (those not published yet, still in the
    /// workflow, before them), then by id; `offset` and `limit` cut a page.
    pub async fn list_items(&self, query: &ItemQuery) -> Result<Vec<ItemSummary>> {
        let (clause, binds) = query.filter();
        let limit = match query.limit {
            0 => 50,
            l => l.min(1000),
        };
        let offset = query.offset.min(i64::MAX as u64);
        let sql = format!(
            "select id, agency_id, index_no, title, doc_number, written_on, published_on, kind, status, version \
             from items {clause} order by published_on desc nulls first, id desc limit {limit} offset {offset}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let id = ItemId(r.try_get(0)?);
                let what = format!("公开信息 {id}");
                let kind: String = r.try_get(7)?;
                let status: String = r.try_get(8)?;
                Ok(ItemSummary {
                    id,
                    agency: agency_id(r.try_get(1)?)?,
                    index_no: r.try_get(2)?,
                    title: r.try_get(3)?,
                    doc_number: r.try_get(4)?,
                    written_on: parse_date(&what, &r.try_get::<String, _>(5)?)?,
                    published_on: parse_opt_date(&what, r.try_get(6)?)?,
                    kind: DocKind::parse(&kind).ok_or_else(|| Error::corrupt(&what, &kind))?,
                    status: Status::parse(&status).ok_or_else(|| Error::corrupt(&what, &status))?,
                    version: r.try_get(9)?,
                })
            })
            .collect()
    }

    /// How many items the query selects (its `offset` and `limit` aside): for page numbers.
    pub async fn count_items(&self, query: &ItemQuery) -> Result<u64> {
        let (clause, binds) = query.filter();
        let sql = format!("select count(*) from items {clause}");
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        Ok(q.fetch_one(&self.pool).await?.max(0) as u64)
    }

    /// The history of an item, oldest first.
    pub async fn item_events(&self, id: ItemId) -> Result<Vec<ItemEvent>> {
        let rows = sqlx::query(
            "select actor, at, action, status_before, status_after, note from item_events where item_id = $1 order by id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ItemEvent {
                    actor: r.try_get(0)?,
                    at: r.try_get(1)?,
                    action: r.try_get(2)?,
                    status_before: r.try_get(3)?,
                    status_after: r.try_get(4)?,
                    note: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// What table 二 counts, for every rule and normative document of the agency (the year is
    /// chosen by [`gongkai_core::publish::table2_from_items`]).
    pub async fn item_facts(&self, agency: &AgencyId) -> Result<Vec<ItemFacts>> {
        let rows = sqlx::query(
            "select kind, status, written_on, published_on, validity, valid_since, valid_until from items \
             where agency_id = $1 and kind in ('rule', 'normative')",
        )
        .bind(agency.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let what = "公开信息统计数据";
                let kind: String = r.try_get(0)?;
                let status: String = r.try_get(1)?;
                let validity: Option<String> = r.try_get(4)?;
                let since = parse_opt_date(what, r.try_get(5)?)?;
                let until = parse_opt_date(what, r.try_get(6)?)?;
                Ok(ItemFacts {
                    kind: DocKind::parse(&kind).ok_or_else(|| Error::corrupt(what, &kind))?,
                    status: Status::parse(&status).ok_or_else(|| Error::corrupt(what, &status))?,
                    written_on: parse_date(what, &r.try_get::<String, _>(2)?)?,
                    published_on: parse_opt_date(what, r.try_get(3)?)?,
                    validity: match validity {
                        None => None,
                        Some(v) => Some(Validity::parse(&v, since, until).ok_or_else(|| Error::corrupt(what, &v))?),
                    },
                })
            })
            .collect()
    }

    /// Imports items in one transaction: all or none. Each gets a 索引号 from its agency's
    /// scheme; published ones keep the history given and are queued for search.
    pub async fn import_items(&self, items: &[ImportedItem], actor: &Actor) -> Result<Vec<(ItemId, String)>> {
        let mut schemes = std::collections::BTreeMap::new();
        let mut normalized = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let fields = item
                .fields
                .clone()
                .normalize()
                .map_err(|e| Error::invalid("公开信息", format!("第{}条：{e}", i + 1)))?;
            if let Some(p) = &item.published
                && p.on < fields.written_on
            {
                return Err(Error::invalid("发布日期", format!("第{}条：发布日期早于成文日期", i + 1)));
            }
            if !schemes.contains_key(&item.agency) {
                self.require_agency(&item.agency).await?;
                schemes.insert(item.agency.clone(), self.index_scheme(&item.agency).await?);
            }
            normalized.push(fields);
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(items.len());
        for (item, fields) in items.iter().zip(&normalized) {
            if let Some(node) = item.catalog_node {
                check_node(&mut tx, &item.agency, node).await?;
            }
            let workflow = match &item.published {
                None => Workflow::draft(actor.as_str()),
                Some(p) => Workflow {
                    status: Status::Published,
                    drafted_by: p.drafted_by.clone(),
                    reviewed_by: Some(p.reviewed_by.clone()),
                    published_by: Some(p.published_by.clone()),
                    published_on: Some(p.on),
                    withdrawn_on: None,
                    withdraw_reason: None,
                },
            };
            let scheme = &schemes[&item.agency];
            let id = insert_item(&mut tx, &item.agency, scheme, fields, item.catalog_node, &workflow, &at).await?;
            insert_event(&mut tx, id, actor, &at, "import", None, workflow.status, None).await?;
            if workflow.status == Status::Published {
                queue_search(&mut tx, id, &at).await?;
            }
            let index_no: String =
                sqlx::query_scalar("select index_no from items where id = $1").bind(id.0).fetch_one(&mut *tx).await?;
            out.push((id, index_no));
        }
        let summary = serde_json::json!({ "items": out.len() }).to_string();
        audit(&mut tx, actor, &at, "items/import", "import", None, Some(summary)).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Changes queued for search after `after` (the sequence number last applied), oldest first.
    pub async fn search_changes(&self, after: i64, limit: u32) -> Result<Vec<SearchChange>> {
        let rows = sqlx::query("select id, item_id from search_outbox where id > $1 order by id limit $2")
            .bind(after)
            .bind(i64::from(limit.clamp(1, 10_000)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(SearchChange { seq: r.try_get(0)?, item: ItemId(r.try_get(1)?) })).collect()
    }

    /// The sequence number of the last queued change (0 when none).
    pub async fn last_search_change(&self) -> Result<i64> {
        let n: Option<i64> = sqlx::query_scalar("select max(id) from search_outbox").fetch_one(&self.pool).await?;
        Ok(n.unwrap_or(0))
    }

    /// The agencies' names by id (for search results).
    pub async fn agency_names(&self) -> Result<std::collections::BTreeMap<AgencyId, String>> {
        Ok(self.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect())
    }
}

impl Store {
    /// Adds a node under `parent` (or at the top) of the agency's catalog, after its siblings.
    pub async fn add_catalog_node(
        &self,
        agency: &AgencyId,
        parent: Option<CatalogNodeId>,
        name: &str,
        actor: &Actor,
    ) -> Result<CatalogNode> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid("目录名称", "不能为空，且不超过100个字符"));
        }
        self.require_agency(agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        if let Some(p) = parent {
            check_node(&mut tx, agency, p).await?;
        }
        let position: i64 = sqlx::query_scalar(
            "select cast(coalesce(max(position), 0) + 1 as bigint) from catalog_nodes \
             where agency_id = $1 and coalesce(parent_id, 0) = $2",
        )
        .bind(agency.as_str())
        .bind(parent.map_or(0, |p| p.0))
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "insert into catalog_nodes (agency_id, parent_id, name, position, created_at) values ($1, $2, $3, $4, $5) \
             returning id",
        )
        .bind(agency.as_str())
        .bind(parent.map(|p| p.0))
        .bind(name)
        .bind(position)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let node =
            CatalogNode { id: CatalogNodeId(id), agency: agency.clone(), parent, name: name.to_string(), position };
        audit(
            &mut tx,
            actor,
            &at,
            &format!("catalog/{agency}/{id}"),
            "create",
            None,
            serde_json::to_string(&node).ok(),
        )
        .await?;
        tx.commit().await?;
        Ok(node)
    }

    /// Renames a node.
    pub async fn rename_catalog_node(&self, id: CatalogNodeId, name: &str, actor: &Actor) -> Result<()> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid("目录名称", "不能为空，且不超过100个字符"));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("select agency_id, name from catalog_nodes where id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| Error::invalid("目录", format!("编号 {id} 不存在")))?;
        let (agency, before): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        sqlx::query("update catalog_nodes set name = $1 where id = $2").bind(name).bind(id.0).execute(&mut *tx).await?;
        audit(&mut tx, actor, &at, &format!("catalog/{agency}/{id}"), "rename", Some(before), Some(name.to_string()))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The agency's catalog, parents before children, siblings in order.
    pub async fn catalog(&self, agency: &AgencyId) -> Result<Vec<CatalogNode>> {
        let rows = sqlx::query(
            "select id, parent_id, name, position from catalog_nodes where agency_id = $1 order by position, id",
        )
        .bind(agency.as_str())
        .fetch_all(&self.pool)
        .await?;
        let nodes: Vec<CatalogNode> = rows
            .iter()
            .map(|r| {
                Ok(CatalogNode {
                    id: CatalogNodeId(r.try_get(0)?),
                    agency: agency.clone(),
                    parent: r.try_get::<Option<i64>, _>(1)?.map(CatalogNodeId),
                    name: r.try_get(2)?,
                    position: r.try_get(3)?,
                })
            })
            .collect::<Result<_>>()?;
        // Depth-first order: a parent, then its children.
        let mut out = Vec::with_capacity(nodes.len());
        fn visit(nodes: &[CatalogNode], parent: Option<CatalogNodeId>, out: &mut Vec<CatalogNode>) {
            for n in nodes.iter().filter(|n| n.parent == parent) {
                out.push(n.clone());
                visit(nodes, Some(n.id), out);
            }
        }
        visit(&nodes, None, &mut out);
        Ok(out)
    }

    /// Replaces the agency's guide (公开指南) when its version is still `expected_version`
    /// (0 for the first text).
    pub async fn set_guide(
        &self,
        agency: &AgencyId,
        expected_version: i64,
        html: &str,
        actor: &Actor,
    ) -> Result<Guide> {
        if html.trim().is_empty() {
            return Err(Error::invalid("公开指南", "内容不能为空"));
        }
        self.require_agency(agency).await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let before: Option<(String, i64)> =
            sqlx::query("select content_html, version from guides where agency_id = $1")
                .bind(agency.as_str())
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
                .transpose()?;
        let current = before.as_ref().map_or(0, |b| b.1);
        if current != expected_version {
            return Err(Error::invalid(
                "公开指南",
                format!("已被他人更新（您依据的是第{expected_version}版，当前为第{current}版），请重新打开后再修改"),
            ));
        }
        let version = current + 1;
        let changed = sqlx::query(
            "insert into guides (agency_id, content_html, updated_by, updated_at, version) values ($1, $2, $3, $4, $5) \
             on conflict (agency_id) do update set content_html = excluded.content_html, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at, version = excluded.version \
             where guides.version = $6",
        )
        .bind(agency.as_str())
        .bind(html)
        .bind(actor.as_str())
        .bind(&at)
        .bind(version)
        .bind(current)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(Error::invalid("公开指南", "已被他人同时更新，请重新打开后再修改"));
        }
        audit(&mut tx, actor, &at, &format!("guide/{agency}"), "set", before.map(|b| b.0), Some(html.to_string()))
            .await?;
        tx.commit().await?;
        Ok(Guide {
            agency: agency.clone(),
            content_html: html.to_string(),
            updated_by: actor.as_str().to_string(),
            updated_at: at,
            version,
        })
    }

    /// The agency's guide, if written.
    pub async fn guide(&self, agency: &AgencyId) -> Result<Option<Guide>> {
        let row = sqlx::query("select content_html, updated_by, updated_at, version from guides where agency_id = $1")
            .bind(agency.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Guide {
                agency: agency.clone(),
                content_html: r.try_get(0)?,
                updated_by: r.try_get(1)?,
                updated_at: r.try_get(2)?,
                version: r.try_get(3)?,
            })
        })
        .transpose()
    }
}

fn agency_id(s: String) -> Result<AgencyId> {
    AgencyId::new(s).map_err(|e| Error::corrupt("机关标识", e))
}

async fn check_node(conn: &mut AnyConnection, agency: &AgencyId, node: CatalogNodeId) -> Result<()> {
    let owner: Option<String> = sqlx::query_scalar("select agency_id from catalog_nodes where id = $1")
        .bind(node.0)
        .fetch_optional(&mut *conn)
        .await?;
    match owner {
        Some(o) if o == agency.as_str() => Ok(()),
        Some(_) => Err(Error::invalid("目录", format!("目录 {node} 不属于机关 {agency}"))),
        None => Err(Error::invalid("目录", format!("目录 {node} 不存在"))),
    }
}

/// Takes the next serial of the agency's scheme and inserts the item; returns its id.
async fn insert_item(
    conn: &mut AnyConnection,
    agency: &AgencyId,
    scheme: &IndexScheme,
    fields: &ItemFields,
    catalog_node: Option<CatalogNodeId>,
    workflow: &Workflow,
    at: &str,
) -> Result<ItemId> {
    let year = fields.written_on.year();
    // The upsert writes first, so the counter row is locked (PostgreSQL) or the database is
    // (SQLite) until commit: two creators of one agency and year never draw the same serial.
    let serial: i64 = sqlx::query_scalar(
        "insert into index_serials (agency_id, scope, last) values ($1, $2, 1) \
         on conflict (agency_id, scope) do update set last = index_serials.last + 1 returning last",
    )
    .bind(agency.as_str())
    .bind(i64::from(scheme.serial_scope(year)))
    .fetch_one(&mut *conn)
    .await?;
    let index_no = scheme.render(year, serial as u64);
    let insert = sqlx::query(
        "insert into items (agency_id, index_no, title, body_html, body_text, doc_number, issuer, written_on, topic, \
         genre, kind, disclosure, disclosure_reason, validity, valid_since, valid_until, channels, catalog_node_id, \
         status, drafted_by, reviewed_by, published_by, published_on, version, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
         $23, 1, $24, $24) returning id",
    )
    .bind(agency.as_str().to_string())
    .bind(index_no.clone());
    let id: i64 = bind_item_fields(insert, fields)
        .bind(catalog_node.map(|n| n.0))
        .bind(workflow.status.code())
        .bind(workflow.drafted_by.clone())
        .bind(workflow.reviewed_by.clone())
        .bind(workflow.published_by.clone())
        .bind(workflow.published_on.map(|d| d.to_string()))
        .bind(at)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => Error::invalid(
                "索引号",
                format!("“{index_no}”已被使用：索引号规则或流水号与已有信息冲突，请检查本机关的索引号规则"),
            ),
            _ => Error::Database(e),
        })?
        .try_get(0)?;
    let id = ItemId(id);
    replace_attachments(conn, id, &fields.attachments).await?;
    Ok(id)
}

async fn replace_attachments(conn: &mut AnyConnection, id: ItemId, attachments: &[(String, String)]) -> Result<()> {
    sqlx::query("delete from item_attachments where item_id = $1").bind(id.0).execute(&mut *conn).await?;
    for (i, (name, href)) in attachments.iter().enumerate() {
        sqlx::query("insert into item_attachments (item_id, position, name, href) values ($1, $2, $3, $4)")
            .bind(id.0)
            .bind(i as i64 + 1)
            .bind(name)
            .bind(href)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_event(
    conn: &mut AnyConnection,
    id: ItemId,
    actor: &Actor,
    at: &str,
    action: &str,
    before: Option<Status>,
    after: Status,
    note: Option<String>,
) -> Result<()> {
    sqlx::query(
        "insert into item_events (item_id, actor, at, action, status_before, status_after, note) \
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.0)
    .bind(actor.as_str())
    .bind(at)
    .bind(action)
    .bind(before.map(|s| s.code()))
    .bind(after.code())
    .bind(note)
    .execute(conn)
    .await?;
    Ok(())
}

async fn queue_search(conn: &mut AnyConnection, id: ItemId, at: &str) -> Result<()> {
    sqlx::query("insert into search_outbox (item_id, at) values ($1, $2)").bind(id.0).bind(at).execute(conn).await?;
    Ok(())
}

/// Bumps the version if it is still `expected` (taking the row's write lock first), then reads
/// the item; a stale version or a missing item changes nothing.
async fn lock_item(conn: &mut AnyConnection, id: ItemId, expected: i64) -> Result<Item> {
    let bumped = sqlx::query("update items set version = version + 1 where id = $1 and version = $2")
        .bind(id.0)
        .bind(expected)
        .execute(&mut *conn)
        .await?;
    if bumped.rows_affected() == 0 {
        let current: Option<i64> =
            sqlx::query_scalar("select version from items where id = $1").bind(id.0).fetch_optional(&mut *conn).await?;
        return Err(match current {
            None => not_found(id),
            Some(current) => Error::invalid(
                "公开信息",
                format!("{id} 已被他人更新（您依据的是第{expected}版，当前为第{current}版），请重新查看后再操作"),
            ),
        });
    }
    let mut item = read_item(conn, id).await?.ok_or_else(|| not_found(id))?;
    item.version = expected;
    Ok(item)
}

async fn read_item(conn: &mut AnyConnection, id: ItemId) -> Result<Option<Item>> {
    let sql = format!("select {ITEM_COLUMNS} from items where id = $1");
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0).fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    let attachments = attachments(conn, id).await?;
    Ok(Some(item_from_row(&row, attachments)?))
}

async fn attachments(conn: &mut AnyConnection, id: ItemId) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query("select name, href from item_attachments where item_id = $1 order by position")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

fn item_from_row(r: &AnyRow, attachments: Vec<(String, String)>) -> Result<Item> {
    let id = ItemId(r.try_get(0)?);
    let what = format!("公开信息 {id}");
    let bad = |v: &str| Error::corrupt(&what, v);
    let text = |i: usize| r.try_get::<String, _>(i);
    let opt = |i: usize| r.try_get::<Option<String>, _>(i);
    let (topic, genre, kind, disclosure, status) = (text(9)?, text(10)?, text(11)?, text(12)?, text(19)?);
    let validity = match opt(14)? {
        None => None,
        Some(v) => Some(
            Validity::parse(&v, parse_opt_date(&what, opt(15)?)?, parse_opt_date(&what, opt(16)?)?)
                .ok_or_else(|| bad(&v))?,
        ),
    };
    let channels = text(17)?
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|c| Channel::parse(c).ok_or_else(|| bad(c)))
        .collect::<Result<Vec<_>>>()?;
    let reason = opt(13)?;
    let fields = ItemFields {
        title: text(3)?,
        body_html: text(4)?,
        doc_number: opt(6)?,
        issuer: text(7)?,
        written_on: parse_date(&what, &text(8)?)?,
        topic: Topic::parse(&topic).ok_or_else(|| bad(&topic))?,
        genre: Genre::parse(&genre).ok_or_else(|| bad(&genre))?,
        kind: DocKind::parse(&kind).ok_or_else(|| bad(&kind))?,
        disclosure: Disclosure::parse(&disclosure, reason.as_deref()).ok_or_else(|| bad(&disclosure))?,
        validity,
        channels,
        attachments,
    };
    let workflow = Workflow {
        status: Status::parse(&status).ok_or_else(|| bad(&status))?,
        drafted_by: text(20)?,
        reviewed_by: opt(21)?,
        published_by: opt(22)?,
        published_on: parse_opt_date(&what, opt(23)?)?,
        withdrawn_on: parse_opt_date(&what, opt(24)?)?,
        withdraw_reason: opt(25)?,
    };
    Ok(Item {
        id,
        agency: agency_id(text(1)?)?,
        index_no: text(2)?,
        fields,
        body_text: text(5)?,
        catalog_node: r.try_get::<Option<i64>, _>(18)?.map(CatalogNodeId),
        workflow,
        version: r.try_get(26)?,
        created_at: text(27)?,
        updated_at: text(28)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schemes_come_from_the_agency_id() {
        let s = default_scheme(&AgencyId::new("city_finance-2").unwrap());
        assert_eq!(s.render(2024, 7), "CITY-FINANCE-2/2024-00007");
    }
}
