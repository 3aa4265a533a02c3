create table conversation (
    id          uuid primary key,
    name        varchar(255) not null,
    type        varchar(16)  not null check (type in ('one_to_one', 'group', 'public')),
    created_by  text         not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);
create index conversation_updated_at on conversation (updated_at desc);
