-- Reply deadlines (答复期限) stored with each application, so that a queue can be sorted by them
-- and a newly imported holiday schedule can move them (each change audit-logged).
-- Set by Store::register, Store::apply_event and the bulk path from the lifecycle and the
-- working-day calendar (official schedule plus imported years); NULL while the clock does not
-- run towards a known day (receipt not confirmed, 补正 awaited, consultation or fee notice open)
-- and once concluded. Rows written before this migration are filled in by
-- Store::backfill_due_dates.
alter table applications add column due_date text;

-- The queue of running clocks, soonest deadline first; concluded applications are not in it.
create index applications_due on applications (agency_id, due_date, id) where due_date is not null;
