-- A user's search across all their conversations starts from the conversations they are in.
create index membership_participant on membership (participant_id);
