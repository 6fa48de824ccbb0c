//! Proactive disclosure (主动公开) in the console: the agency's items by status, a draft written
//! in a form, 保密审查 by another account, publication by a third, withdrawal with a reason,
//! and each item's history. The rules are the core's `Workflow`; the store records every step.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::routing::{get, post};
use gongkai_core::publish::{Action, DocKind, Genre, ItemRecord, Status, Topic, date_field};
use gongkai_store::{ItemId, ItemQuery};
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::auth::{CurrentUser, Permission};
use crate::console::bar;
use crate::error::{Error, Result};
use crate::security::{PageForm, csrf_token, verify_csrf};
use crate::views::{
    Choice, ItemAction, ItemEventLine, ItemListLine, Pager, PublishingItemPage, PublishingListPage, PublishingNewPage,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/console/items", get(list).post(create))
        .route("/console/items/new", get(new_form))
        .route("/console/items/{id}", get(item_page))
        .route("/console/items/{id}/action", post(action))
        .route("/console/items/{id}/interprets", post(link_interpretation))
}

/// Items a page of the list shows.
const PAGE: u32 = 30;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    status: String,
    page: String,
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<PublishingListPage> {
    user.require(Permission::Read, &user.agency)?;
    let status = Status::parse(&q.status);
    let status_code = status.map_or("", |s| s.code());
    let mut query = ItemQuery { agency: Some(user.agency.clone()), status, catalog_node: None, offset: 0, limit: PAGE };
    let total = state.store.count_items(&query).await?;
    let page = q.page.trim().parse::<u64>().unwrap_or(1).max(1);
    let pager = Pager::new(page, total, u64::from(PAGE), |n| format!("/console/items?status={status_code}&page={n}"));
    query.offset = (pager.page - 1) * u64::from(PAGE);
    let items = state.store.list_items(&query).await?;
    let lines: Vec<ItemListLine> = items
        .iter()
        .map(|i| ItemListLine {
            id: i.id.0,
            index_no: i.index_no.clone(),
            title: i.title.clone(),
            doc_number: i.doc_number.clone().unwrap_or_default(),
            written_on: gongkai_render::letter::date_zh(i.written_on),
            status: i.status.label().to_string(),
        })
        .collect();
    let mut statuses = vec![Choice::new("", "全部", status_code)];
    statuses.extend(Status::ALL.iter().map(|s| Choice::new(s.code(), s.label(), status_code)));
    Ok(PublishingListPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        statuses,
        items: lines,
        total,
        pager,
        may_draft: user.may(Permission::Handle, &user.agency),
    })
}

fn choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    current: &str,
) -> Vec<Choice> {
    all.iter().map(|&x| Choice::new(code(x), label(x), current)).collect()
}

async fn new_form(State(state): State<AppState>, session: Session, user: CurrentUser) -> Result<PublishingNewPage> {
    user.require(Permission::Handle, &user.agency)?;
    new_page(&state, &session, &user, &ItemRecord::default(), None).await
}

async fn new_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    r: &ItemRecord,
    error: Option<String>,
) -> Result<PublishingNewPage> {
    let v = |s: &Option<String>| s.clone().unwrap_or_default();
    Ok(PublishingNewPage {
        user: bar(state, user).await?,
        csrf: csrf_token(session).await?,
        title: v(&r.title),
        doc_number: v(&r.doc_number),
        written_on: r.written_on.clone().unwrap_or_else(|| state.today().to_string()),
        body: v(&r.body_html),
        topics: choices(Topic::ALL, Topic::code, Topic::label, r.topic.as_deref().unwrap_or("general")),
        genres: choices(Genre::ALL, Genre::code, Genre::label, r.genre.as_deref().unwrap_or("circular")),
        kinds: choices(DocKind::ALL, DocKind::code, DocKind::label, r.kind.as_deref().unwrap_or("other")),
        error,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct NewForm {
    csrf: String,
    #[serde(flatten)]
    record: ItemRecord,
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    PageForm(form): PageForm<NewForm>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    verify_csrf(&session, &form.csrf).await?;
    user.require(Permission::Handle, &user.agency)?;
    let agency = state.store.require_agency(&user.agency).await?;
    let fields = match form.record.fields(&agency.name) {
        Ok(f) => f,
        Err(why) => {
            let page = new_page(&state, &session, &user, &form.record, Some(why)).await?;
            return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let item = state.store.create_item(&user.agency, fields, None, &user.actor()).await?;
    Ok(Redirect::to(&format!("/console/items/{}?done=created", item.id)).into_response())
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct DoneQuery {
    done: String,
    error: String,
}

async fn readable_item(state: &AppState, user: &CurrentUser, id: &str) -> Result<gongkai_store::Item> {
    let not_found = || Error::NotFound(format!("公开信息 {id} 不存在"));
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let item = match state.store.item(ItemId(id)).await {
        Ok(item) => item,
        Err(gongkai_store::Error::ItemNotFound(_)) => return Err(not_found()),
        Err(e) => return Err(e.into()),
    };
    if !user.may(Permission::Read, &item.agency) {
        return Err(not_found());
    }
    Ok(item)
}

async fn item_page(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<PublishingItemPage> {
    let item = readable_item(&state, &user, &id).await?;
    let names: std::collections::BTreeMap<String, String> =
        state.store.users(&item.agency).await?.into_iter().map(|u| (u.name, u.display_name)).collect();
    let display = |login: &str| names.get(login).cloned().unwrap_or_else(|| login.to_string());
    let w = &item.workflow;
    let me = user.name.as_str();
    let own = user.agency == item.agency;
    // The actions this person may take now; the workflow refuses the rest anyway.
    let mut actions = Vec::new();
    match w.status {
        Status::Draft if own && user.may(Permission::Approve, &item.agency) && w.drafted_by != me => {
            actions.push(ItemAction { code: "approve", label: "保密审查通过", note: "审查意见" });
            actions.push(ItemAction { code: "reject", label: "退回修改", note: "退回理由" });
        }
        Status::Reviewed
            if own && user.may(Permission::Approve, &item.agency) && w.reviewed_by.as_deref() != Some(me) =>
        {
            actions.push(ItemAction { code: "publish", label: "发布", note: "" });
        }
        Status::Published if own && user.may(Permission::Approve, &item.agency) => {
            actions.push(ItemAction { code: "withdraw", label: "撤回", note: "撤回理由" });
        }
        _ => {}
    }
    let events = state
        .store
        .item_events(item.id)
        .await?
        .into_iter()
        .map(|e| ItemEventLine {
            at: crate::local_time_zh(&e.at),
            actor: display(&e.actor),
            action: event_label(&e.action).to_string(),
            note: e.note.unwrap_or_default(),
        })
        .collect();
    let links = state.store.interpretation_links(item.id).await?;
    let f = &item.fields;
    Ok(PublishingItemPage {
        user: bar(&state, &user).await?,
        csrf: csrf_token(&session).await?,
        id: item.id.0,
        version: item.version,
        index_no: item.index_no.clone(),
        title: f.title.clone(),
        doc_number: f.doc_number.clone().unwrap_or_default(),
        issuer: f.issuer.clone(),
        written_on: gongkai_render::letter::date_zh(f.written_on),
        kind: f.kind.label().to_string(),
        status: w.status.label().to_string(),
        drafted_by: display(&w.drafted_by),
        reviewed_by: w.reviewed_by.as_deref().map(display).unwrap_or_default(),
        published_by: w.published_by.as_deref().map(display).unwrap_or_default(),
        body: item.body_text.clone(),
        public_link: (w.status == Status::Published).then(|| format!("/items/{}", item.id)),
        actions,
        today: state.today().to_string(),
        events,
        done: match q.done.as_str() {
            "created" => "草稿已保存，请由另一名审核人员进行保密审查。",
            "approve" => "保密审查已通过，可由审查人以外的人员发布。",
            "reject" => "已退回修改。",
            "publish" => "已发布。",
            "withdraw" => "已撤回，公开页面显示“已撤回”。",
            "linked" => "已关联所解读的文件。",
            "unlinked" => "已取消关联。",
            _ => "",
        }
        .to_string(),
        interprets: match links.interprets {
            Some(l) => {
                let index_no = state.store.item(l.id).await?.index_no;
                Some((format!("/console/items/{}", l.id), l.title, index_no))
            }
            None => None,
        },
        interpreted_by: links
            .interpreted_by
            .into_iter()
            .map(|l| (format!("/console/items/{}", l.id), l.title))
            .collect(),
        may_link: own && user.may(Permission::Handle, &item.agency),
        error: q.error.chars().take(300).collect(),
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct LinkForm {
    csrf: String,
    /// The 索引号 of the document this item interprets; empty to unlink.
    index_no: String,
}

/// Links a 政策解读 to the document it explains (by the document's 索引号), or unlinks it.
async fn link_interpretation(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<LinkForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    let item = readable_item(&state, &user, &id).await?;
    if user.agency != item.agency {
        return Err(Error::Forbidden);
    }
    user.require(Permission::Handle, &item.agency)?;
    let back = |q: &str| Redirect::to(&format!("/console/items/{}?{q}", item.id));
    let refused = |message: String| back(&serde_urlencoded::to_string([("error", message)]).unwrap_or_default());
    let index_no = form.index_no.trim();
    let document = if index_no.is_empty() {
        None
    } else {
        match state.store.item_by_index_no(index_no).await? {
            Some(doc) if doc.agency == item.agency => Some(doc.id),
            _ => {
                return Ok(refused(format!(
                    "本机关没有索引号为“{}”的公开信息",
                    index_no.chars().take(60).collect::<String>()
                )));
            }
        }
    };
    match state.store.set_interpretation(item.id, document, &user.actor()).await {
        Ok(()) => Ok(back(if document.is_some() { "done=linked" } else { "done=unlinked" })),
        Err(gongkai_store::Error::Invalid { reason, .. }) => Ok(refused(reason)),
        Err(e) => Err(e.into()),
    }
}

/// The Chinese name of a step in an item's history.
fn event_label(code: &str) -> &'static str {
    match code {
        "create" => "起草",
        "edit" => "修改",
        "approve" => "保密审查通过",
        "reject" => "退回修改",
        "publish" => "发布",
        "withdraw" => "撤回",
        "validity" => "效力变更",
        "import" => "导入",
        _ => "其他",
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    csrf: String,
    version: i64,
    action: String,
    note: String,
    on: Option<String>,
}

async fn action(
    State(state): State<AppState>,
    session: Session,
    user: CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ActionForm>,
) -> Result<Redirect> {
    verify_csrf(&session, &form.csrf).await?;
    let item = readable_item(&state, &user, &id).await?;
    user.require(Permission::Approve, &item.agency)?;
    let today = state.today();
    let on = date_field("日期", &form.on).map_err(Error::BadRequest)?.unwrap_or(today);
    if on > today {
        return Err(Error::BadRequest(format!("日期（{on}）不能晚于今天（{today}）")));
    }
    let note = form.note.trim().to_string();
    let needs_note = |what: &str| {
        if note.is_empty() { Err(Error::BadRequest(format!("请填写{what}"))) } else { Ok(note.clone()) }
    };
    let act = match form.action.as_str() {
        "approve" => Action::Approve { opinion: if note.is_empty() { "同意公开".into() } else { note.clone() } },
        "reject" => Action::Reject { opinion: needs_note("退回理由")? },
        "publish" => Action::Publish { on },
        "withdraw" => Action::Withdraw { on, reason: needs_note("撤回理由")? },
        other => return Err(Error::BadRequest(format!("未知的操作“{other}”"))),
    };
    state.store.item_action(item.id, form.version, &act, &user.actor()).await?;
    Ok(Redirect::to(&format!("/console/items/{}?done={}", item.id, form.action)))
}
