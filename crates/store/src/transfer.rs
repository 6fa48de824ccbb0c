//! Copying a whole gongkai database into another one, table by table from one snapshot: the
//! move of a deployment from SQLite to PostgreSQL, and the logical backup and restore of a
//! PostgreSQL deployment (to and from an SQLite file). The schema is read from each database's
//! catalogue, so a table added by a later migration is copied without a change here.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::TryStreamExt;
use sqlx::{AnyConnection, Row};

use crate::{Backend, Error, Result, Store};

/// At most this many bound values per `insert` (SQLite allows 32,766, PostgreSQL 65,535).
const MAX_PARAMS: usize = 30_000;
/// At most this many rows per `insert`.
const MAX_ROWS: usize = 500;

/// How a column's values are read and written: the four storage classes both schemas use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Integer,
    Real,
    Text,
    Blob,
}

impl Kind {
    /// The kind of a declared SQLite type or a PostgreSQL `data_type`.
    fn of(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_lowercase();
        Some(if t.contains("int") {
            Kind::Integer
        } else if t.contains("char") || t.contains("text") || t.contains("clob") {
            Kind::Text
        } else if t.contains("blob") || t == "bytea" {
            Kind::Blob
        } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
            Kind::Real
        } else {
            return None;
        })
    }
}

/// One table as the catalogue describes it.
#[derive(Debug)]
struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    /// The primary key's columns: rows are copied in this order.
    key: Vec<String>,
    /// Foreign keys: (column, referenced table, referenced column).
    parents: Vec<(String, String, String)>,
}

enum Value {
    Null(Kind),
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    fn key(&self) -> Option<String> {
        match self {
            Value::Null(_) => None,
            Value::Integer(i) => Some(i.to_string()),
            Value::Real(r) => Some(r.to_string()),
            Value::Text(t) => Some(t.clone()),
            Value::Blob(b) => Some(format!("{b:?}")),
        }
    }
}

/// An identifier quoted for SQL (names come from the catalogue, never from users).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Tables of the application (not sqlx's bookkeeping, not SQLite's own).
async fn table_names(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<String>> {
    let sql = match backend {
        Backend::Sqlite => {
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' \
             and name <> '_sqlx_migrations' order by name"
        }
        Backend::Postgres => {
            "select table_name::text from information_schema.tables where table_schema = current_schema() \
             and table_type = 'BASE TABLE' and table_name <> '_sqlx_migrations' order by table_name"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(&mut *conn).await?)
}

async fn describe(conn: &mut AnyConnection, backend: Backend, name: String) -> Result<Table> {
    let (columns_sql, key_sql, parents_sql) = match backend {
        Backend::Sqlite => (
            "select name, type from pragma_table_info($1) order by cid",
            "select name from pragma_table_info($1) where pk > 0 order by pk",
            r#"select "from", "table", coalesce("to", '') from pragma_foreign_key_list($1) order by id, seq"#,
        ),
        Backend::Postgres => (
            "select column_name::text, data_type::text from information_schema.columns \
             where table_schema = current_schema() and table_name = $1 order by ordinal_position",
            "select k.column_name::text from information_schema.table_constraints c \
             join information_schema.key_column_usage k using (constraint_schema, constraint_name) \
             where c.table_schema = current_schema() and c.table_name = $1 and c.constraint_type = 'PRIMARY KEY' \
             order by k.ordinal_position",
            "select k.column_name::text, u.table_name::text, u.column_name::text \
             from information_schema.table_constraints c \
             join information_schema.key_column_usage k using (constraint_schema, constraint_name) \
             join information_schema.constraint_column_usage u using (constraint_schema, constraint_name) \
             where c.table_schema = current_schema() and c.table_name = $1 and c.constraint_type = 'FOREIGN KEY' \
             order by k.column_name",
        ),
    };
    let mut columns = Vec::new();
    for row in sqlx::query(columns_sql).bind(&name).fetch_all(&mut *conn).await? {
        let (column, declared): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        let kind = Kind::of(&declared).ok_or_else(|| {
            Error::invalid("数据库结构", format!("表 {name} 的列 {column} 类型为“{declared}”，无法复制"))
        })?;
        columns.push((column, kind));
    }
    let key = sqlx::query_scalar(key_sql).bind(&name).fetch_all(&mut *conn).await?;
    let mut parents = Vec::new();
    for row in sqlx::query(parents_sql).bind(&name).fetch_all(&mut *conn).await? {
        parents.push((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?));
    }
    Ok(Table { name, columns, key, parents })
}

async fn schema(conn: &mut AnyConnection, backend: Backend) -> Result<Vec<Table>> {
    let mut tables = Vec::new();
    for name in table_names(conn, backend).await? {
        tables.push(describe(conn, backend, name).await?);
    }
    Ok(tables)
}

async fn migrations(conn: &mut AnyConnection) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("select version from _sqlx_migrations order by version").fetch_all(&mut *conn).await?)
}

async fn count(conn: &mut AnyConnection, table: &str) -> Result<i64> {
    let sql = format!("select count(*) from {}", quoted(table));
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *conn).await?)
}

/// Tables the migrations themselves put rows in (`insert into NAME`): a new database is not
/// empty there (`registry_generation` starts at 0).
fn seeded_tables(backend: Backend) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for m in backend.migrator().iter() {
        let sql = m.sql.as_str().to_ascii_lowercase();
        for part in sql.split("insert into").skip(1) {
            if let Some(name) = part.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).find(|w| !w.is_empty()) {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// Tables in an order where every table comes after the tables it refers to.
fn dependency_order(tables: &[Table]) -> Result<Vec<&Table>> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::with_capacity(tables.len());
    while order.len() < tables.len() {
        let ready: Vec<&Table> = tables
            .iter()
            .filter(|t| !done.contains(t.name.as_str()))
            .filter(|t| t.parents.iter().all(|(_, p, _)| *p == t.name || done.contains(p.as_str())))
            .collect();
        if ready.is_empty() {
            let left: Vec<&str> = tables.iter().map(|t| t.name.as_str()).filter(|n| !done.contains(n)).collect();
            return Err(Error::invalid(
                "数据库结构",
                format!("表之间的外键成环，无法排定复制顺序：{}", left.join("、")),
            ));
        }
        for t in ready {
            done.insert(&t.name);
            order.push(t);
        }
    }
    Ok(order)
}

/// Rows of a table that refers to itself (a tree), parents before children.
fn parents_first(table: &Table, rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let index = |c: &str| table.columns.iter().position(|(n, _)| n == c);
    let links: Vec<(usize, usize)> = table
        .parents
        .iter()
        .filter(|(_, p, _)| *p == table.name)
        .filter_map(|(c, _, to)| Some((index(c)?, index(to)?)))
        .collect();
    if links.is_empty() {
        return rows;
    }
    let mut placed: BTreeSet<(usize, String)> = BTreeSet::new();
    let present: BTreeSet<(usize, String)> =
        rows.iter().flat_map(|r| links.iter().filter_map(|(_, to)| Some((*to, r[*to].key()?)))).collect();
    let mut pending = rows;
    let mut out = Vec::with_capacity(pending.len());
    loop {
        let before = pending.len();
        let mut later = Vec::new();
        for row in pending {
            let waits = links.iter().any(|(from, to)| {
                row[*from].key().is_some_and(|k| present.contains(&(*to, k.clone())) && !placed.contains(&(*to, k)))
            });
            if waits {
                later.push(row);
            } else {
                for (_, to) in &links {
                    if let Some(k) = row[*to].key() {
                        placed.insert((*to, k));
                    }
                }
                out.push(row);
            }
        }
        pending = later;
        if pending.is_empty() || pending.len() == before {
            // Done, or a cycle the database will refuse with its own message.
            out.extend(pending);
            return out;
        }
    }
}

fn read_row(row: &sqlx::any::AnyRow, columns: &[(String, Kind)]) -> Result<Vec<Value>> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, (_, kind)) in columns.iter().enumerate() {
        let value = match kind {
            Kind::Integer => row.try_get::<Option<i64>, _>(i)?.map(Value::Integer),
            Kind::Real => row.try_get::<Option<f64>, _>(i)?.map(Value::Real),
            Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
            Kind::Blob => row.try_get::<Option<Vec<u8>>, _>(i)?.map(Value::Blob),
        };
        values.push(value.unwrap_or(Value::Null(*kind)));
    }
    Ok(values)
}

async fn insert(conn: &mut AnyConnection, table: &Table, rows: Vec<Vec<Value>>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let width = table.columns.len();
    let names: Vec<String> = table.columns.iter().map(|(n, _)| quoted(n)).collect();
    let mut sql = format!("insert into {} ({}) values ", quoted(&table.name), names.join(", "));
    for r in 0..rows.len() {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * width + c + 1));
        }
        sql.push(')');
    }
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in rows.into_iter().flatten() {
        query = match value {
            Value::Null(Kind::Integer) => query.bind(None::<i64>),
            Value::Null(Kind::Real) => query.bind(None::<f64>),
            Value::Null(Kind::Text) => query.bind(None::<String>),
            Value::Null(Kind::Blob) => query.bind(None::<Vec<u8>>),
            Value::Integer(i) => query.bind(i),
            Value::Real(r) => query.bind(r),
            Value::Text(t) => query.bind(t),
            Value::Blob(b) => query.bind(b),
        };
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

/// Copies one table's rows, in key order, in batches; returns how many.
async fn copy_table(src: &mut AnyConnection, dst: &mut AnyConnection, table: &Table) -> Result<i64> {
    let names: Vec<String> = table.columns.iter().map(|(n, _)| quoted(n)).collect();
    let order = if table.key.is_empty() {
        "1".to_string()
    } else {
        table.key.iter().map(|k| quoted(k)).collect::<Vec<_>>().join(", ")
    };
    let sql = format!("select {} from {} order by {order}", names.join(", "), quoted(&table.name));
    let batch = (MAX_PARAMS / table.columns.len().max(1)).clamp(1, MAX_ROWS);
    let tree = table.parents.iter().any(|(_, p, _)| *p == table.name);
    let mut copied = 0i64;
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut *src);
    let mut pending = Vec::with_capacity(batch);
    while let Some(row) = rows.try_next().await? {
        pending.push(read_row(&row, &table.columns)?);
        copied += 1;
        // A tree is kept whole to order it parents first (agencies, catalogue nodes: small).
        if !tree && pending.len() == batch {
            insert(dst, table, std::mem::take(&mut pending)).await?;
        }
    }
    drop(rows);
    let pending = if tree { parents_first(table, pending) } else { pending };
    let mut pending = pending.into_iter().peekable();
    while pending.peek().is_some() {
        insert(dst, table, pending.by_ref().take(batch).collect()).await?;
    }
    Ok(copied)
}

impl Store {
    /// Rows per table, by name, of any backend (backup, restore and move reports).
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::new();
        for name in table_names(&mut conn, self.backend).await? {
            let n = count(&mut conn, &name).await?;
            out.push((name, n));
        }
        Ok(out)
    }

    /// Copies every row of every table of this database into `target`, which must be a
    /// gongkai database of the same schema version holding no data (a new one: [`Store::open`]
    /// creates the schema). Reads one snapshot while others go on writing (SQLite: one read
    /// transaction; PostgreSQL: `repeatable read`), and writes in one transaction: the target
    /// gets all of it or nothing. Keys are kept, and PostgreSQL's identity counters are moved
    /// past them. Returns the rows copied per table.
    pub async fn copy_into(&self, target: &Store) -> Result<Vec<(String, i64)>> {
        let mut src = match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => self.pool.begin_with("begin isolation level repeatable read read only").await?,
        };
        let mut dst = target.begin_write().await?;
        let (from, to) = (migrations(&mut src).await?, migrations(&mut dst).await?);
        if from != to {
            return Err(Error::invalid(
                "目标数据库",
                format!(
                    "结构版本不一致（源 {:?}，目标 {:?}）：请用同一版本的 gongkai 打开两者",
                    from.last(),
                    to.last()
                ),
            ));
        }
        let tables = schema(&mut src, self.backend).await?;
        let theirs: BTreeMap<String, Table> =
            schema(&mut dst, target.backend).await?.into_iter().map(|t| (t.name.clone(), t)).collect();
        let seeded = seeded_tables(target.backend);
        for t in &tables {
            let Some(other) = theirs.get(&t.name) else {
                return Err(Error::invalid("目标数据库", format!("缺少表 {}", t.name)));
            };
            let mine: BTreeSet<_> = t.columns.iter().collect();
            let yours: BTreeSet<_> = other.columns.iter().collect();
            if mine != yours {
                return Err(Error::invalid("目标数据库", format!("表 {} 的列与源数据库不一致", t.name)));
            }
            if seeded.contains(t.name.as_str()) {
                // Rows the migrations put in every new database: replaced by the source's.
                let sql = format!("delete from {}", quoted(&t.name));
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *dst).await?;
            } else if count(&mut dst, &t.name).await? > 0 {
                return Err(Error::invalid(
                    "目标数据库",
                    format!("表 {} 中已有数据：只能复制到新建的空数据库", t.name),
                ));
            }
        }
        let mut copied = Vec::with_capacity(tables.len());
        for t in dependency_order(&tables)? {
            let n = copy_table(&mut src, &mut dst, t).await?;
            copied.push((t.name.clone(), n));
        }
        if target.backend == Backend::Postgres {
            // Keys were written as they were: the next generated key must come after them.
            for t in &tables {
                let [key] = t.key.as_slice() else { continue };
                if !t.columns.iter().any(|(n, k)| n == key && *k == Kind::Integer) {
                    continue;
                }
                let sql = format!(
                    "select setval(pg_get_serial_sequence($1, $2), coalesce(max({k}), 0) + 1, false) from {t}",
                    k = quoted(key),
                    t = quoted(&t.name)
                );
                sqlx::query(sqlx::AssertSqlSafe(sql)).bind(quoted(&t.name)).bind(key).execute(&mut *dst).await?;
            }
        }
        dst.commit().await?;
        src.rollback().await?;
        copied.sort();
        Ok(copied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_migrations_insert_are_known() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            assert_eq!(seeded_tables(backend), BTreeSet::from(["registry_generation".to_string()]));
        }
    }

    #[test]
    fn declared_types_have_a_kind() {
        let cases = [
            ("integer", Some(Kind::Integer)),
            ("bigint", Some(Kind::Integer)),
            ("text", Some(Kind::Text)),
            ("character varying", Some(Kind::Text)),
            ("blob", Some(Kind::Blob)),
            ("bytea", Some(Kind::Blob)),
            ("double precision", Some(Kind::Real)),
            ("jsonb", None),
        ];
        for (declared, kind) in cases {
            assert_eq!(Kind::of(declared), kind, "{declared}");
        }
    }

    fn table(name: &str, parents: &[(&str, &str)]) -> Table {
        Table {
            name: name.into(),
            columns: vec![("id".into(), Kind::Integer), ("parent".into(), Kind::Integer)],
            key: vec!["id".into()],
            parents: parents.iter().map(|(c, p)| (c.to_string(), p.to_string(), "id".to_string())).collect(),
        }
    }

    #[test]
    fn tables_come_after_the_tables_they_refer_to() {
        let tables = vec![
            table("events", &[("parent", "cases")]),
            table("cases", &[("parent", "agencies")]),
            table("agencies", &[("parent", "agencies")]),
        ];
        let order: Vec<&str> = dependency_order(&tables).unwrap().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(order, ["agencies", "cases", "events"]);
        let cycle = vec![table("a", &[("parent", "b")]), table("b", &[("parent", "a")])];
        assert!(dependency_order(&cycle).is_err());
    }

    #[test]
    fn a_tree_is_written_parents_first() {
        let t = table("nodes", &[("parent", "nodes")]);
        let row = |id: i64, parent: Option<i64>| {
            vec![Value::Integer(id), parent.map_or(Value::Null(Kind::Integer), Value::Integer)]
        };
        // 1 was moved under 3, which was created after it.
        let rows = vec![row(1, Some(3)), row(2, None), row(3, Some(2)), row(4, Some(1))];
        let ids: Vec<String> = parents_first(&t, rows).iter().map(|r| r[0].key().unwrap()).collect();
        assert_eq!(ids, ["2", "3", "1", "4"]);
    }
}
