-- Customers per tag, one row per corp, tag and Asia/Shanghai day (taken by TagStatistics every night and on demand);
-- the tag page draws its trend from it. Re-taking a day replaces that day's rows.
create table tag_stat_day (
    corp_id     bigint  not null references corp (id),
    tag_id      bigint  not null references tag (id),
    stat_day    date    not null,
    customers   bigint  not null,
    primary key (corp_id, tag_id, stat_day)
);
create index tag_stat_day_corp_day on tag_stat_day (corp_id, stat_day);
