-- Janus nodes added at run time by an administrator (the configured ones come from SALON_JANUS_NODES).
create table janus_node (
    name       varchar(32) primary key,
    url        text        not null,
    draining   boolean     not null default false,
    added_at   timestamptz not null default now()
);
