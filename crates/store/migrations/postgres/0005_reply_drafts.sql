-- Reply drafts (拟办答复): the handler's proposed answer to an application, waiting for an
-- approver to sign it (签发). At most one per application; signing applies it and removes it.
create table reply_drafts (
    application_id bigint primary key references applications(id),
    -- The proposed `answer` event, as stored in application_events.
    event text not null,
    drafted_by text not null,
    -- RFC 3339 UTC
    drafted_at text not null,
    -- The application's version the draft was written against.
    based_on_version bigint not null
);
