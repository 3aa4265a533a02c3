-- Calls: one per conversation at most, with who is in it (each browser tab a session) and with which media. In
-- the shared database, so every signaling instance sees the same call.
create table call (
    conversation_id uuid        primary key,
    call_id         uuid        not null,
    started_by      text        not null,
    started_at      timestamptz not null,
    -- everyone who was in it, for "call ended"
    attendees       text[]      not null default '{}'
);

create table call_session (
    conversation_id uuid        not null references call (conversation_id) on delete cascade,
    session         text        not null,
    participant_id  text        not null,
    instance        text        not null,
    audio           boolean     not null,
    video           boolean     not null,
    screen          boolean     not null default false,
    joined_at       timestamptz not null,
    primary key (conversation_id, session)
);
create index call_session_instance on call_session (instance);
