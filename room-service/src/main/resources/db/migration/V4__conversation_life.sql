-- Everything a conversation carries besides its name: description, read-only, lobby, who may start a call, the
-- participants' default permissions (a bit set, see domain/Permission), the pair of a one-to-one, last activity,
-- the chat's last seq (unread counts) and the running call.
alter table conversation rename column updated_at to last_activity;
alter index conversation_updated_at rename to conversation_last_activity;
alter table conversation add column description text not null default '' check (char_length(description) <= 2000);
alter table conversation add column read_only boolean not null default false;
alter table conversation add column lobby_enabled boolean not null default false;
alter table conversation add column lobby_open_at timestamptz;
alter table conversation add column who_may_start_call varchar(16) not null default 'everyone'
    check (who_may_start_call in ('everyone', 'users', 'moderators'));
alter table conversation add column default_permissions integer not null default 63;
alter table conversation add column pair_key text unique;
alter table conversation add constraint pair_for_one_to_one check ((pair_key is not null) = (type = 'one_to_one'));
alter table conversation add column last_seq bigint not null default 0;
alter table conversation add column call_id text;
alter table conversation add column call_started_at timestamptz;
alter table conversation add column call_state_at timestamptz;

-- Per participant: own permissions (null: the conversation's defaults), preferences, what they have read, and the
-- presence signaling-service reports.
alter table participant add column permissions integer;
alter table participant add column self_joined boolean not null default false;
alter table participant add column favourite boolean not null default false;
alter table participant add column notifications varchar(8) not null default 'default'
    check (notifications in ('default', 'always', 'mentions', 'never'));
alter table participant add column read_seq bigint not null default 0;
alter table participant add column online boolean not null default false;
alter table participant add column in_call boolean not null default false;
alter table participant add column audio boolean not null default false;
alter table participant add column video boolean not null default false;
alter table participant add column screen boolean not null default false;
alter table participant add column presence_at timestamptz;

-- Search of my conversations by name and by participant name, and of public ones by name.
create extension if not exists pg_trgm;
create index conversation_name_trgm on conversation using gin (lower(name) gin_trgm_ops);
create index participant_name_trgm on participant using gin (lower(display_name) gin_trgm_ops);
