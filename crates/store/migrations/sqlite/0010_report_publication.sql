-- The annual report as an agency publishes it (Art. 49, 50): the prose its staff write beside
-- the tables compiled from the records (one draft per agency and year, replaced when saved), and
-- every publication as it went out — the figures and the prose of that moment, never changed
-- afterwards; the public reads the latest.
create table report_narratives (
    agency_id text not null references agencies(id),
    year bigint not null,
    -- JSON: {"preamble", "overview", "problems", "other_matters"}
    narrative text not null,
    updated_at text not null,
    updated_by text not null,
    primary key (agency_id, year)
);

create table report_publications (
    id integer primary key,
    agency_id text not null references agencies(id),
    year bigint not null,
    -- The gongkai-report/1 JSON of the tables as published.
    report_json text not null,
    narrative text not null,
    published_at text not null,
    published_by text not null
);
create index report_publications_by_agency_year on report_publications (agency_id, year, id);
