-- Each password change bumps the account's credential version; a console session remembers the
-- version it logged in with and ends when they differ (a reset password logs out everywhere).
alter table staff_users add column credential_version integer not null default 1;
