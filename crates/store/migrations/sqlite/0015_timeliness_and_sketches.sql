-- 办理时效 of answered applications, derived from the lifecycle and the working-day calendar
-- when the answer is recorded (Store::apply_event, the bulk path; Store::backfill_timeliness for
-- rows answered before this migration): whether the answer kept its deadline, and the working
-- days counted to it. NULL while open and for 其他处理 (withdrawn, lapsed), which end without
-- an answer. Supervision sums them per agency and year.
alter table applications add column answered_on_time integer;
alter table applications add column working_days_taken integer;
create index applications_answered on applications (concluded_on, agency_id, answered_on_time, working_days_taken)
    where working_days_taken is not null;
-- The answers still to fill in (only rows older than this migration): the backfill at start-up
-- finds them, or that there are none, without reading the table.
create index applications_untimed on applications (id)
    where concluded_on is not null and working_days_taken is null and outcome not like 'other%';

-- A bottom-k sketch of the text of a filed report (core::supervise::Sketch, encoded), so that a
-- new report is compared for 内容雷同 with the agency's earlier years and its peers without
-- reading their files again. NULL for reports without text (compiled before, entered).
alter table report_versions add column text_sketch text;
