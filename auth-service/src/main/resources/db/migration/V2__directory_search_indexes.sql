-- Prefix search must use an index whatever the database's collation: LIKE 'abc%' can only use a B-tree with
-- text_pattern_ops unless the collation is C. Measured with bench/run directory (docs/benchmarks.md).
create index user_search_token_prefix on user_search_token (token text_pattern_ops, user_id);
drop index user_search_token_user;
create index user_search_token_user on user_search_token (user_id, token text_pattern_ops);
-- short prefixes match many users: walking enabled users in display order finds the first page early
create index app_user_directory on app_user (display_name, login) where enabled;
