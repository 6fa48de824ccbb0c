-- 区分处理 (Art. 37): each redacted copy made for release, from which file, what kinds of data were
-- withheld and how many places, on which ground, confirmed by whom; the reply letter lists them.
create table case_redactions (
    id integer primary key,
    application_id bigint not null references applications(id),
    source_file_id bigint not null references case_files(id),
    result_file_id bigint not null references case_files(id),
    -- JSON: [{"category": "resident_id", "label": "身份证号码", "count": 2}, ...]
    withheld text not null,
    ground text not null,
    confirmed_by text not null,
    confirmed_at text not null
);
create index case_redactions_by_application on case_redactions (application_id, id);
