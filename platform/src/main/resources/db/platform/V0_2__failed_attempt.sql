-- Failed attempts per key (an account from an IP, a conversation's password from an IP, an IP overall).
create table failed_attempt (
    key          text primary key,
    failures     integer     not null,
    locked_until timestamptz,
    updated_at   timestamptz not null
);
