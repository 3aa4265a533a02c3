-- The calls a gateway instance holds on Janus, so that a restarted instance claims its Janus sessions back and
-- carries on with them (or, when they are gone, has the call's sessions publish again). One row a call, rewritten as
-- its media changes; the room's secret and PIN never leave media-gateway.
create table media_call (
    conversation  text        primary key,
    instance      text        not null,
    node          text        not null,
    janus_session bigint      not null,
    state         jsonb       not null,
    updated_at    timestamptz not null default now()
);
create index media_call_instance on media_call (instance);
