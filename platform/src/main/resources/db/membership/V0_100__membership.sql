-- The membership projection a service keeps of room-service's conversations (see platform's membership package):
-- what each participant may do, learned from salon.conversations alone.
create table membership_conversation (
    conversation_id     uuid primary key,
    type                varchar(16) not null,
    read_only           boolean     not null default false,
    lobby_enabled       boolean     not null default false,
    lobby_open_at       timestamptz,
    who_may_start_call  varchar(16) not null default 'everyone',
    -- Permission bits of participants without their own
    default_permissions integer     not null default 63,
    deleted             boolean     not null default false
);

create table membership (
    conversation_id uuid        not null,
    participant_id  text        not null,
    kind            varchar(8)  not null,
    role            varchar(16) not null,
    -- own Permission bits, or null for the conversation's defaults
    permissions     integer,
    display_name    text        not null,
    primary key (conversation_id, participant_id)
);
