-- The conversation list's preview of the last chat message: who wrote it and its start (system messages name what
-- happened instead), kept from chat-service's events; seq orders them, so a late event never overwrites a newer one.
alter table conversation add column last_message_seq bigint not null default 0;
alter table conversation add column last_message_author text;
alter table conversation add column last_message_text text;
alter table conversation add column last_message_system text;
