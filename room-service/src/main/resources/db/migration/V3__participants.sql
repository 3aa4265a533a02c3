-- room-service's own view of the directory, built from auth-service's user events (salon.users).
create table directory_user (
    id           uuid primary key,
    login        text        not null,
    display_name text        not null,
    enabled      boolean     not null,
    changed_at   timestamptz not null
);

-- Who is in a conversation, with which role. Guests are let in by token; they appear here once they joined.
create table participant (
    conversation_id uuid        not null references conversation (id) on delete cascade,
    participant_id  text        not null,
    kind            varchar(8)  not null check (kind in ('user', 'guest')),
    role            varchar(16) not null check (role in ('owner', 'moderator', 'member', 'guest')),
    display_name    text        not null,
    joined_at       timestamptz not null,
    primary key (conversation_id, participant_id)
);
create index participant_conversations on participant (participant_id, conversation_id);
