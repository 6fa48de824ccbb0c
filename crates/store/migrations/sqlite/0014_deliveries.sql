-- 送达: how and when the reply reached the applicant (posted with its waybill number, handed over,
-- e-mailed, downloaded), recorded by staff; a case may have several (the letter by e-mail, then
-- the paper copy by post).
create table case_deliveries (
    id integer primary key,
    application_id bigint not null references applications(id),
    method text not null,
    delivered_on text not null,
    reference text not null,
    recorded_by text not null,
    recorded_at text not null
);
create index case_deliveries_by_application on case_deliveries (application_id, id);
