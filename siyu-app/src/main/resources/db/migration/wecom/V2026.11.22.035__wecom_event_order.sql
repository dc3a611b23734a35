-- The CreateTime of the last callback applied to a follow relation or group: an older event that arrives late
-- (WeCom may reorder) is recorded but does not overwrite newer state.
alter table wecom_follow add column last_event_time bigint;
alter table wecom_group_chat add column last_event_time bigint;
