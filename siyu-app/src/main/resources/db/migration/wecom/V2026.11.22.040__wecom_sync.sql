-- Rows seen by a sync run carry its id; after a complete pass, rows the run did not see are gone from WeCom.
alter table wecom_follow add column synced_run bigint;
alter table wecom_corp_tag add column synced_run bigint;
alter table wecom_group_chat add column synced_run bigint;

-- One row per corp: a node may sync the corp only after moving it from IDLE (or a stale RUNNING) to RUNNING.
create table wecom_sync_claim (
    corp_id      bigint       not null primary key references corp (id),
    status       varchar(20)  not null,
    holder       varchar(64),
    heartbeat_at timestamp with time zone not null
);
