-- Supervision (督查), SQLite: the agency tree's attributes, annual reports filed per agency and
-- year as immutable versions, their source files (deduplicated by SHA-256), and files read but
-- not yet matched to an agency. Same representation as the PostgreSQL schema.

-- 简称 as a JSON array of strings; 层级 (national/province/city/county/township) and kind
-- (government/department/other); null level = not stated by the office.
alter table agencies add column short_names text not null default '[]';
alter table agencies add column level text;
alter table agencies add column kind text not null default 'other';

-- A published report file as collected: kept byte for byte, once per content.
create table report_files (
    sha256 text primary key,
    file_name text not null,
    size bigint not null,
    content blob not null,
    added_at text not null
);

-- One version of one agency's report of one year. Never updated: a correction adds a version.
create table report_versions (
    id integer primary key,
    agency_id text not null references agencies(id),
    year integer not null,
    version integer not null,
    -- compiled (from this platform's records), read (from a published file), entered, corrected
    origin text not null,
    source_sha256 text references report_files(sha256),
    -- publication date (YYYY-MM-DD) when known
    published_on text,
    -- 1 when the report sums the agencies below it (全区/全市汇总)
    summary integer not null default 0,
    -- the gongkai-report/1 JSON with evidence, observations and findings
    report text not null,
    -- for a correction: {"key", "before", "after", "reason"} as JSON
    correction text,
    created_by text not null,
    created_at text not null,
    unique (agency_id, year, version)
);
create index report_versions_year on report_versions (year, agency_id, version);
create index report_versions_source on report_versions (source_sha256);

-- Files that matched no agency, or several: listed for a person to assign.
create table report_inbox (
    sha256 text primary key references report_files(sha256),
    read_agency text,
    read_year integer,
    -- JSON array of candidate agency ids
    candidates text not null default '[]',
    reason text not null,
    added_at text not null,
    assigned_at text
);

-- Bumped by every change to the agency tree or to the reports filed, so a node can tell with
-- one read whether what it keeps in memory (parsed reports, the tree) is still current.
create table registry_generation (
    id integer primary key,
    value bigint not null
);
insert into registry_generation (id, value) values (1, 0);
