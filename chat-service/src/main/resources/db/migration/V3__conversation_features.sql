-- System messages (kind 'system': what happened, from room-service's and signaling-service's events), edits,
-- deletions (the body goes, the placeholder stays), mentions (participant ids, space-separated), reactions, read
-- markers, and full-text search in English and French.
alter table message add column kind varchar(8) not null default 'comment' check (kind in ('comment', 'system'));
alter table message add column system varchar(32);
alter table message add column system_data text;
alter table message add column edited_at timestamptz;
alter table message add column deleted_at timestamptz;
alter table message add column mentions text not null default '';
alter table message add column mentions_all boolean not null default false;
alter table message add column search_vector tsvector generated always as
    (to_tsvector('english', coalesce(body, '')) || to_tsvector('french', coalesce(body, ''))) stored;
create index message_search on message using gin (search_vector);

create table reaction (
    message_id     bigint      not null references message (id) on delete cascade,
    participant_id text        not null,
    emoji          varchar(64) not null,
    reacted_at     timestamptz not null,
    primary key (message_id, participant_id, emoji)
);

-- How far each participant has read: the seq (and id) of the last message they have seen.
create table read_marker (
    conversation_id uuid   not null,
    participant_id  text   not null,
    message_id      bigint not null,
    seq             bigint not null,
    primary key (conversation_id, participant_id)
);
