-- Every connected browser tab (session), on which instance, in which conversations. A closed one stays 30 s,
-- detached, with where it was in the event topics, so that a client coming back with its id resumes it on any
-- instance: same conversations, same place in the call, every event it missed.
create table signaling_session (
    session         text        primary key,
    participant_id  text        not null,
    instance        text        not null,
    conversations   text[]      not null default '{}',
    -- JSON: topic:partition -> the next offset it had not been sent, when it detached
    positions       text,
    -- the number of the last event frame it was sent, and the last ones sent (JSON [{seq, frame}]): a dying connection
    -- takes what was on its way with it, and the resume says what it got
    last_seq        bigint      not null default 0,
    recent          text,
    detached_at     timestamptz
);
create index signaling_session_instance on signaling_session (instance);
create index signaling_session_conversations on signaling_session using gin (conversations);

-- Each instance says it is alive every 2 s, with how far it has read the event topics: the sessions of one not
-- heard of for 10 s may be resumed elsewhere, and are gone after 30 s.
create table signaling_instance (
    instance  text        primary key,
    seen_at   timestamptz not null,
    positions text        not null default '{}'
);
