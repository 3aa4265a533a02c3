-- Chat messages. id orders a conversation's history; a retried post (same author and idempotency key) is
-- stored once.
create table message (
    id              bigserial primary key,
    conversation_id uuid         not null,
    author_id       text         not null,
    author_name     text         not null,
    body            text,
    reply_to        bigint references message (id),
    idempotency_key varchar(64)  not null,
    created_at      timestamptz  not null,
    unique (conversation_id, author_id, idempotency_key)
);
create index message_history on message (conversation_id, id);
