-- Customers, follow relations, corp tags and groups now live in the customer, tagging and community modules
-- (which the WeCom module feeds with events). The next sync refills them.
drop table wecom_group_member;
drop table wecom_group_chat;
drop table wecom_corp_tag;
drop table wecom_follow;
drop table wecom_customer;
