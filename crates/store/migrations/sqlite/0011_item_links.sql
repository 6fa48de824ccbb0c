-- 政策解读 and its document (国办发〔2016〕80号: 解读 published with the policy and linked to it):
-- each interpretation names the one document it explains; the document page lists its
-- interpretations. Both are items of the same agency.
create table item_interpretations (
    item_id bigint primary key references items(id),
    document_id bigint not null references items(id),
    linked_at text not null,
    linked_by text not null
);
create index item_interpretations_by_document on item_interpretations (document_id);

-- The catalog lists published items newest first, page by page.
create index items_by_agency_published on items (agency_id, status, published_on, id);
