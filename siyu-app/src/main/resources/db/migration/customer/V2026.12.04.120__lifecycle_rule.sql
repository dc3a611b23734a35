-- Lifecycle rules per corp (生命周期规则): how customers move between stages by themselves. No row = the defaults,
-- switched off. interaction_kinds: timeline kinds that count as an interaction (comma-separated);
-- purchase_kind: the timeline kind of a paid order.
create table lifecycle_rule (
    corp_id               bigint       primary key references corp (id),
    enabled               boolean      not null,
    engaged_after         integer      not null,
    repeat_after          integer      not null,
    loyal_after           integer      not null,
    dormant_after_days    integer      not null,
    lost_when_no_relation boolean      not null,
    interaction_kinds     varchar(500) not null,
    purchase_kind         varchar(40)  not null,
    last_sweep_at         timestamp with time zone,
    updated_by            varchar(100),
    updated_at            timestamp with time zone not null
);
