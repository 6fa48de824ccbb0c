-- The applicant as the standard application form records them: the type of the identity
-- document (证件类型; empty for applications registered before, read as the type the number
-- shows), an e-mail address (needed for delivery by e-mail), and for a legal person or other
-- organisation its 法定代表人/负责人 and 联系人.
alter table applications add column applicant_id_type text not null default '';
alter table applications add column applicant_email text not null default '';
alter table applications add column applicant_representative text not null default '';
alter table applications add column applicant_contact_person text not null default '';
