-- One-time keys of sidebar forms (a note): a second submission of the same form is recognised and not stored again.
-- Kept a week (SidebarNotes.forgetOldKeys).
create table sidebar_submission (
    corp_id    bigint      not null references corp (id),
    submit_key varchar(64) not null,
    created_at timestamp with time zone not null,
    primary key (corp_id, submit_key)
);
create index sidebar_submission_created on sidebar_submission (created_at);
