-- Proactive disclosure (主动公开): items with their attachments and history, the 索引号 scheme
-- and counters of each agency, the catalog (公开目录) and guide (公开指南), and the outbox the
-- search index of every node catches up from. Same representation as the PostgreSQL schema.

create table index_schemes (
    agency_id text primary key references agencies(id),
    org_code text not null,
    pattern text not null,
    updated_at text not null
);

-- One counter per agency and scope (the year, or 0 when the scheme has no year).
create table index_serials (
    agency_id text not null references agencies(id),
    scope integer not null,
    last integer not null,
    primary key (agency_id, scope)
);

create table catalog_nodes (
    id integer primary key,
    agency_id text not null references agencies(id),
    parent_id integer references catalog_nodes(id),
    name text not null,
    position integer not null,
    created_at text not null
);

create index catalog_nodes_agency on catalog_nodes (agency_id, parent_id, position);

create table items (
    id integer primary key,
    agency_id text not null references agencies(id),
    index_no text not null unique,
    title text not null,
    body_html text not null,
    body_text text not null,
    doc_number text,
    issuer text not null,
    written_on text not null,
    topic text not null,
    genre text not null,
    kind text not null,
    disclosure text not null,
    disclosure_reason text,
    -- effective, expired or abolished (rules and normative documents only), with its dates.
    validity text,
    valid_since text,
    valid_until text,
    -- Channel codes, comma-separated.
    channels text not null,
    catalog_node_id integer references catalog_nodes(id),
    status text not null,
    drafted_by text not null,
    reviewed_by text,
    published_by text,
    published_on text,
    withdrawn_on text,
    withdraw_reason text,
    version integer not null,
    created_at text not null,
    updated_at text not null
);

create index items_agency_status on items (agency_id, status, id);
create index items_agency_kind on items (agency_id, kind, status);

create table item_attachments (
    item_id integer not null references items(id),
    position integer not null,
    name text not null,
    href text not null,
    primary key (item_id, position)
);

create table item_events (
    id integer primary key,
    item_id integer not null references items(id),
    actor text not null,
    at text not null,
    action text not null,
    status_before text,
    status_after text not null,
    note text
);

create index item_events_item on item_events (item_id, id);

-- Every change that alters what search should show (publish, withdraw, validity): the search
-- index of each node applies the rows after the last one it applied.
create table search_outbox (
    id integer primary key,
    item_id integer not null references items(id),
    at text not null
);

create table guides (
    agency_id text primary key references agencies(id),
    content_html text not null,
    updated_by text not null,
    updated_at text not null,
    version integer not null
);
