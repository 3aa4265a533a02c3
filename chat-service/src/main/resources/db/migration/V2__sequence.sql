-- seq numbers a conversation's messages 1, 2, 3... in commit order: the row of conversation_history is locked by
-- each post until it commits, so two posts to one conversation never interleave (and unread counts are exact).
create table conversation_history (
    conversation_id uuid   primary key,
    last_seq        bigint not null
);
alter table message add column seq bigint;
update message m set seq = n.seq
  from (select id, row_number() over (partition by conversation_id order by id) as seq from message) n
 where m.id = n.id;
alter table message alter column seq set not null;
alter table message add constraint message_seq unique (conversation_id, seq);
insert into conversation_history (conversation_id, last_seq)
select conversation_id, max(seq) from message group by conversation_id;
