-- Sync looks up a page of customers and relations by external_userid lists; see CustomerMirror.
create index wecom_customer_ext on wecom_customer (external_userid);
create index wecom_follow_ext on wecom_follow (external_userid);
