//! Files on a case: the content stored once per SHA-256 in the database (every node serves it),
//! each file with its role, kind and uploader; the per-case limits checked in the transaction
//! that adds one; every upload and every download in the audit log of its application.

use gongkai_core::files::{FileError, FileKind, FileRole, MAX_CASE_BYTES, MAX_CASE_FILES};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::ids::CaseFileId;
use crate::supervision::sha256_hex;
use crate::{Actor, ApplicationId, Error, Result, Store, audit, now};

/// A file to put on a case; its kind was decided from its content by the caller's reader.
#[derive(Debug, Clone, Copy)]
pub struct NewCaseFile<'a> {
    /// The name to show and download it under (see `gongkai_core::files::safe_name`).
    pub name: &'a str,
    pub kind: FileKind,
    pub role: FileRole,
    pub bytes: &'a [u8],
}

/// One kind of data withheld from a redacted copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Withheld {
    /// `gongkai_core::redact::Category` as snake_case (`resident_id`, `term`, …).
    pub category: String,
    /// What people call it (身份证号码).
    pub label: String,
    /// How many places.
    pub count: usize,
}

/// A file on a case, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFile {
    pub id: CaseFileId,
    pub application: ApplicationId,
    pub name: String,
    pub kind: FileKind,
    pub role: FileRole,
    pub size: u64,
    pub sha256: String,
    pub uploaded_by: String,
    /// RFC 3339 UTC.
    pub uploaded_at: String,
}

const COLUMNS: &str = "id, application_id, name, kind, role, size, sha256, uploaded_by, uploaded_at";

fn case_file(r: &AnyRow) -> Result<CaseFile> {
    let id = CaseFileId(r.try_get(0)?);
    let what = || format!("文件 {id}");
    let kind: String = r.try_get(3)?;
    let role: String = r.try_get(4)?;
    Ok(CaseFile {
        id,
        application: ApplicationId(r.try_get(1)?),
        name: r.try_get(2)?,
        kind: FileKind::parse(&kind).ok_or_else(|| Error::corrupt(what(), &kind))?,
        role: FileRole::parse(&role).ok_or_else(|| Error::corrupt(what(), &role))?,
        size: r.try_get::<i64, _>(5)?.max(0) as u64,
        sha256: r.try_get(6)?,
        uploaded_by: r.try_get(7)?,
        uploaded_at: r.try_get(8)?,
    })
}

/// Adds a file inside the caller's transaction, checking the case's limits; audited.
pub(crate) async fn insert_file(
    tx: &mut sqlx::AnyConnection,
    id: ApplicationId,
    file: &NewCaseFile<'_>,
    actor: &Actor,
) -> Result<CaseFile> {
    if file.bytes.is_empty() {
        return Err(Error::invalid("文件", FileError::Empty.to_string()));
    }
    let sha = sha256_hex(file.bytes);
    let size = file.bytes.len() as i64;
    let at = now();
    let exists: Option<i64> =
        sqlx::query_scalar("select id from applications where id = $1").bind(id.0).fetch_optional(&mut *tx).await?;
    if exists.is_none() {
        return Err(Error::ApplicationNotFound(id));
    }
    let row = sqlx::query(
        "select count(*), cast(coalesce(sum(size), 0) as bigint) from case_files where application_id = $1",
    )
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await?;
    let (count, total): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    if count as usize >= MAX_CASE_FILES || (total + size) as u64 > MAX_CASE_BYTES {
        return Err(Error::invalid("文件", FileError::CaseFull.to_string()));
    }
    let stored: Option<String> = sqlx::query_scalar("select sha256 from file_blobs where sha256 = $1")
        .bind(&sha)
        .fetch_optional(&mut *tx)
        .await?;
    if stored.is_none() {
        sqlx::query("insert into file_blobs (sha256, size, content) values ($1, $2, $3)")
            .bind(&sha)
            .bind(size)
            .bind(file.bytes.to_vec())
            .execute(&mut *tx)
            .await?;
    }
    let new_id: i64 = sqlx::query_scalar(
        "insert into case_files (application_id, sha256, name, kind, role, size, uploaded_by, uploaded_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
    )
    .bind(id.0)
    .bind(&sha)
    .bind(file.name)
    .bind(file.kind.code())
    .bind(file.role.code())
    .bind(size)
    .bind(actor.as_str())
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({
        "file": new_id, "name": file.name, "kind": file.kind.code(), "role": file.role.code(),
        "size": size, "sha256": sha,
    });
    audit(&mut *tx, actor, &at, &format!("application/{id}"), "file_upload", None, Some(after.to_string())).await?;
    Ok(CaseFile {
        id: CaseFileId(new_id),
        application: id,
        name: file.name.to_string(),
        kind: file.kind,
        role: file.role,
        size: size as u64,
        sha256: sha,
        uploaded_by: actor.as_str().to_string(),
        uploaded_at: at,
    })
}

impl Store {
    /// Puts a file on application `id`, durably before it returns. Refused (nothing stored)
    /// when the case already holds [`MAX_CASE_FILES`] files or the new one would take its total
    /// past [`MAX_CASE_BYTES`]. The content is stored once per SHA-256.
    pub async fn add_case_file(&self, id: ApplicationId, file: &NewCaseFile<'_>, actor: &Actor) -> Result<CaseFile> {
        let mut added = self.add_case_files(id, std::slice::from_ref(file), actor).await?;
        Ok(added.remove(0))
    }

    /// Puts several files on application `id` all or nothing (one upload of a person): a
    /// refusal of any (limits, empty) stores none of them.
    pub async fn add_case_files(
        &self,
        id: ApplicationId,
        files: &[NewCaseFile<'_>],
        actor: &Actor,
    ) -> Result<Vec<CaseFile>> {
        let mut tx = self.begin_write().await?;
        let mut added = Vec::with_capacity(files.len());
        for file in files {
            added.push(insert_file(&mut tx, id, file, actor).await?);
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Stores the redacted copy of `source` (区分处理) as information to release, with what was
    /// withheld from it, in one transaction: the copy never exists without its record.
    pub async fn add_redacted_copy(
        &self,
        id: ApplicationId,
        source: CaseFileId,
        copy: &NewCaseFile<'_>,
        withheld: &[Withheld],
        actor: &Actor,
    ) -> Result<CaseFile> {
        let mut tx = self.begin_write().await?;
        let of_case: Option<i64> =
            sqlx::query_scalar("select id from case_files where id = $1 and application_id = $2")
                .bind(source.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
        if of_case.is_none() {
            return Err(Error::invalid("文件", "该文件不属于本申请"));
        }
        let added = insert_file(&mut tx, id, copy, actor).await?;
        let json = serde_json::to_string(withheld).map_err(|e| Error::corrupt("区分处理记录", e))?;
        sqlx::query(
            "insert into case_redactions (application_id, source_file_id, result_file_id, withheld, ground, \
             confirmed_by, confirmed_at) values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.0)
        .bind(source.0)
        .bind(added.id.0)
        .bind(&json)
        .bind(gongkai_core::redact::Category::Name.ground())
        .bind(actor.as_str())
        .bind(&added.uploaded_at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "source": source.0, "copy": added.id.0, "withheld": withheld });
        audit(
            &mut tx,
            actor,
            &added.uploaded_at,
            &format!("application/{id}"),
            "redact",
            None,
            Some(after.to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// The redacted copies made on application `id`, in the order they were made: the copy's
    /// file name and what was withheld from it (区分处理, for the reply letter).
    pub async fn withheld_files(&self, id: ApplicationId) -> Result<Vec<(String, Vec<Withheld>)>> {
        let rows = sqlx::query(
            "select f.name, r.withheld from case_redactions r \
             join case_files f on f.id = r.result_file_id and f.application_id = r.application_id \
             where r.application_id = $1 order by r.id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let json: String = r.try_get(1)?;
                let withheld = serde_json::from_str(&json).map_err(|e| Error::corrupt("区分处理记录", e))?;
                Ok((r.try_get(0)?, withheld))
            })
            .collect()
    }

    /// The files on application `id`, in the order they came.
    pub async fn case_files(&self, id: ApplicationId) -> Result<Vec<CaseFile>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {COLUMNS} from case_files where application_id = $1 order by id"
        )))
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(case_file).collect()
    }

    /// A file of application `id`, without its content (`None`: no such file on that case).
    pub async fn case_file(&self, id: ApplicationId, file: CaseFileId) -> Result<Option<CaseFile>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {COLUMNS} from case_files where application_id = $1 and id = $2"
        )))
        .bind(id.0)
        .bind(file.0)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(case_file)
        .transpose()
    }

    /// A file of application `id` with its content; the download is written to the audit log
    /// (who fetched which file) before the content is handed out.
    pub async fn download_case_file(
        &self,
        id: ApplicationId,
        file: CaseFileId,
        actor: &Actor,
    ) -> Result<Option<(CaseFile, Vec<u8>)>> {
        self.read_case_file(id, file, actor, FileAccess::Download).await
    }

    /// [`Store::download_case_file`] for a stated purpose, which the audit entry names.
    pub async fn read_case_file(
        &self,
        id: ApplicationId,
        file: CaseFileId,
        actor: &Actor,
        access: FileAccess,
    ) -> Result<Option<(CaseFile, Vec<u8>)>> {
        let Some(info) = self.case_file(id, file).await? else { return Ok(None) };
        let content: Vec<u8> = sqlx::query_scalar("select content from file_blobs where sha256 = $1")
            .bind(&info.sha256)
            .fetch_one(&self.pool)
            .await?;
        let at = now();
        let mut tx = self.begin_write().await?;
        let entry = serde_json::json!({ "file": file.0, "name": info.name }).to_string();
        let action = match access {
            FileAccess::Download => "file_download",
            FileAccess::Redaction => "file_read_for_redaction",
        };
        audit(&mut tx, actor, &at, &format!("application/{id}"), action, None, Some(entry)).await?;
        tx.commit().await?;
        Ok(Some((info, content)))
    }
}

/// Why a file's content is read, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAccess {
    /// Sent to the reader (a download).
    Download,
    /// Read by the server to propose or make a redacted copy (区分处理).
    Redaction,
}
