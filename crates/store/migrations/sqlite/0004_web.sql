-- Web platform (SQLite): staff accounts, sessions, API tokens, the applicant's tracking secret,
-- consultations (咨询) and supervising agencies (the guide lives with the publishing records).
-- Same representation as the PostgreSQL schema: times are RFC 3339 UTC text, expiries Unix seconds.

-- The supervising agency (督查 reads its sub-agencies); null for a top-level agency.
alter table agencies add column parent_id text references agencies(id);

create table staff_users (
    id integer primary key,
    agency_id text not null references agencies(id),
    -- Login name: unique across agencies.
    name text not null unique,
    display_name text not null,
    -- registrar, handler, approver, admin, supervisor
    role text not null,
    -- argon2id PHC string
    password_hash text not null,
    -- 1 active, 0 disabled
    active integer not null,
    created_at text not null
);

create table web_sessions (
    id text primary key,
    data text not null,
    -- Unix seconds
    expires_at bigint not null
);

create index web_sessions_expiry on web_sessions (expires_at);

create table api_tokens (
    id integer primary key,
    agency_id text not null references agencies(id),
    label text not null,
    role text not null,
    -- SHA-256 of the token, hex: tokens are random and long, so a fast hash is enough.
    token_hash text not null unique,
    created_by text not null,
    created_at text not null,
    revoked_at text
);

-- The secret an applicant set online, to follow the application with its tracking code.
create table application_secrets (
    application_id integer primary key references applications(id),
    secret_hash text not null
);

create table consultations (
    id integer primary key,
    tracking_code text not null unique,
    agency_id text not null references agencies(id),
    -- phone, in_person, online
    channel text not null,
    question text not null,
    -- Personal data: masked in lists.
    asker_name text not null,
    asker_contact text not null,
    -- argon2id of the asker's secret (online only)
    secret_hash text,
    asked_on text not null,
    answer text,
    answered_by text,
    answered_at text,
    created_by text not null,
    created_at text not null
);

create index consultations_agency on consultations (agency_id, id);

