-- Public conversations (guests allowed) have a link token; a password, if set, is stored hashed (Argon2id).
alter table conversation add column password_hash text;
alter table conversation add column link_token varchar(32) unique;
alter table conversation add constraint password_only_for_guests check (password_hash is null or type = 'public');
alter table conversation add constraint link_for_guests check ((link_token is not null) = (type = 'public'));
