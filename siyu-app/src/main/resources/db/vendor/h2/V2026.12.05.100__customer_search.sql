-- PostgreSQL indexes customer search with GIN over 1- and 2-character grams (db/vendor/postgresql). H2 has no GIN
-- index: customer search on H2 stays a LIKE scan, which is what the corps H2 is meant for (demo, tests) need.
-- This script keeps the two databases at the same schema version.
select 1;
