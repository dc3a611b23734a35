-- The customer list's default order (newest first, customers without a relation last) read straight off an index,
-- so a page at 1,000,000 customers does not sort the corp.
create index customer_newest on customer (corp_id, first_added_at desc nulls last, id desc);
