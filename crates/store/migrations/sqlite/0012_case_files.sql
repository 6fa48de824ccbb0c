-- Files on a case (issue 16): the content once per SHA-256 (an applicant's ID copy sent twice is
-- stored once), each file with its case, its role (申请材料 / 办理材料 / 向申请人提供的信息), its
-- kind told by content, who put it there and when. Kept in the database so every node of a
-- multi-node deployment serves it; uploads and downloads go to the audit log.
create table file_blobs (
    sha256 text primary key,
    size bigint not null,
    content blob not null
);

create table case_files (
    id integer primary key,
    application_id bigint not null references applications(id),
    sha256 text not null references file_blobs(sha256),
    name text not null,
    kind text not null,
    role text not null,
    size bigint not null,
    uploaded_by text not null,
    uploaded_at text not null
);
create index case_files_by_application on case_files (application_id, id);
