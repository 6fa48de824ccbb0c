-- Casework schema (SQLite). Times are RFC 3339 UTC text, dates are YYYY-MM-DD text: the same
-- representation as the PostgreSQL schema, so one set of queries serves both (sqlx Any driver).

create table agencies (
    id text primary key,
    name text not null,
    created_at text not null
);

create table applications (
    id integer primary key,
    tracking_code text not null unique,
    agency_id text not null references agencies(id),
    applicant_kind text not null,
    -- Personal data (Art. 29: name, proof of identity, contact details). Read in full only
    -- through Store::application, which writes an audit entry.
    applicant_name text not null,
    applicant_id_number text not null,
    applicant_phone text not null,
    applicant_address text not null,
    channel text not null,
    delivery text not null,
    registered_on text not null,
    -- Denormalised from the lifecycle for the year queries.
    received_on text,
    concluded_on text,
    outcome text,
    -- concluded_on, or 9999-12-31 while open: one index range finds every case a year counts.
    open_until text not null,
    stage text not null,
    lifecycle text not null,
    version integer not null,
    created_at text not null,
    updated_at text not null
);

create index applications_tally
    on applications (agency_id, open_until, received_on, applicant_kind, concluded_on, outcome);
create index applications_agency_registered on applications (agency_id, registered_on);
create index applications_agency_stage on applications (agency_id, stage, id);

create table application_items (
    application_id integer not null references applications(id),
    position integer not null,
    description text not null,
    primary key (application_id, position)
);

create table application_events (
    id integer primary key,
    application_id integer not null references applications(id),
    actor text not null,
    at text not null,
    event text not null,
    stage_before text,
    stage_after text not null,
    version_after integer not null
);

create index application_events_application on application_events (application_id, id);

create table audit_log (
    id integer primary key,
    actor text not null,
    at text not null,
    entity text not null,
    action text not null,
    before_json text,
    after_json text
);

create index audit_log_entity on audit_log (entity, id);

create table remedies (
    id integer primary key,
    application_id integer not null references applications(id),
    agency_id text not null references agencies(id),
    kind text not null,
    filed_on text not null,
    result text,
    result_on text,
    created_at text not null
);

create index remedies_agency_filed on remedies (agency_id, filed_on);

create table fee_notices (
    id integer primary key,
    application_id integer not null references applications(id),
    agency_id text not null references agencies(id),
    notice_on text not null,
    amount_yuan integer not null,
    -- open, paid or lapsed
    status text not null,
    settled_on text
);

create index fee_notices_application on fee_notices (application_id);

create table fee_payments (
    id integer primary key,
    notice_id integer not null references fee_notices(id),
    agency_id text not null references agencies(id),
    paid_on text not null,
    amount_yuan integer not null
);

create index fee_payments_agency_paid on fee_payments (agency_id, paid_on);

create table calendar_years (
    year integer primary key,
    notice_json text not null,
    imported_by text not null,
    imported_at text not null
);

create table table2_inputs (
    agency_id text not null references agencies(id),
    year integer not null,
    key text not null,
    value text not null,
    updated_at text not null,
    primary key (agency_id, year, key)
);
