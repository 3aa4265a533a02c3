-- The cloud's users. Local accounts have a password hash; users from an external OpenID Connect provider
-- have that provider's issuer and subject instead.
create table app_user (
    id            uuid primary key,
    login         varchar(64)  not null unique,
    display_name  varchar(255) not null,
    email         varchar(320),
    avatar_url    text,
    enabled       boolean      not null default true,
    roles         text[]       not null,
    password_hash text,
    issuer        text,
    subject       text,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null,
    unique (issuer, subject)
);

-- Normalised words (lower case, accents removed) of login, display name and email, for prefix search.
create table user_search_token (
    token   text not null,
    user_id uuid not null references app_user (id) on delete cascade,
    primary key (token, user_id)
);
create index user_search_token_user on user_search_token (user_id);

-- Token signing keys. A new key is published before it signs (active_from), so that services that cache
-- the key set know it in time; a replaced key stays published until the tokens it signed have expired.
create table signing_key (
    kid         text primary key,
    private_key bytea       not null,
    public_key  bytea       not null,
    created_at  timestamptz not null,
    active_from timestamptz not null,
    retired_at  timestamptz
);

create table refresh_token (
    token_hash text primary key,
    user_id    uuid        not null references app_user (id) on delete cascade,
    client_id  text        not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index refresh_token_user on refresh_token (user_id);
