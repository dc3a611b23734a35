-- Idempotent API writes: the first result per (corp, Idempotency-Key), replayed for 24 hours.
create table idempotency_record (
    corp_id      bigint        not null,
    idem_key     varchar(200)  not null,
    request_hash varchar(64)   not null,
    status       integer       not null,
    content_type varchar(200),
    body         varchar(1000000),
    created_at   timestamp with time zone not null,
    primary key (corp_id, idem_key)
);
create index idempotency_record_created on idempotency_record (created_at);

-- Spring Modulith's durable event publication registry (outbox for listeners in other modules).
create table event_publication (
    id                     uuid          not null primary key,
    listener_id            varchar(512)  not null,
    event_type             varchar(512)  not null,
    serialized_event       varchar(100000) not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 varchar(20),
    completion_attempts    integer,
    last_resubmission_date timestamp with time zone
);
create index event_publication_by_completion_date on event_publication (completion_date);
create index event_publication_serialized_event on event_publication (listener_id, publication_date);
