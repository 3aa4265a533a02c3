-- How far the gateway's requests on salon.media have been handled (the next offset of each partition), written with
-- the call state they produced. A gateway that starts reads each partition on from here, not from Kafka's committed
-- offset (which lags by up to a commit interval): after a crash no request is applied twice.
create table media_request_position (
    kafka_partition integer primary key,
    next_offset     bigint  not null
);
