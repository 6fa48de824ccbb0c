-- Idempotency keys of API submissions: a client that retries a submission with the same
-- `Idempotency-Key` gets the first answer back instead of filing twice. Written in the
-- transaction that registers, so a key never exists without its application or the reverse.
create table request_keys (
    -- SHA-256 (hex) of the route and the client's key: the key itself is not kept.
    key_hash text primary key,
    -- SHA-256 (hex) of the request body: the same key with another body is refused.
    body_hash text not null,
    application_id bigint not null references applications(id),
    created_at text not null
);
