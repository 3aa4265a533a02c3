-- Events waiting to be published to Kafka, written in the same transaction as the change they describe.
create table outbox (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    message_key text        not null,
    payload     text        not null,
    created_at  timestamptz not null default now()
);

-- Wakes the relays at commit time (notifications are delivered only when the inserting transaction commits).
create function outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox', '');
    return null;
end
$$;
create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify();
