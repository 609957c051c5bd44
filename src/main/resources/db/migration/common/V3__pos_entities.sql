-- POS incremental sync: the console-written entity types (products are served from the central `products` table).
-- One row per entity and store; a delete keeps the row as a tombstone (deleted = TRUE, data NULL) until the
-- tombstone retention has passed. `seq` is the change_log sequence of the entity's last change (commit order),
-- so "changes since cursor c" is a range scan over (entity_type, store_id, seq).
CREATE TABLE pos_entities (
    entity_type      VARCHAR(60)   NOT NULL,
    store_id         VARCHAR(100)  NOT NULL,   -- '' for global entity types
    entity_id        VARCHAR(100)  NOT NULL,
    data             TEXT,                     -- JSON object as served (with "id"); NULL on a tombstone
    deleted          BOOLEAN       NOT NULL DEFAULT FALSE,
    seq              BIGINT        NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entity_type, store_id, entity_id)
);
CREATE INDEX ix_pos_entities_seq ON pos_entities (entity_type, store_id, seq);

-- The oldest cursor still served: tombstones up to horizon_seq have been purged (retention passed), so a client
-- whose cursor is below it may have missed a delete and must pull again from 0. No row means horizon 0.
CREATE TABLE pos_sync_horizon (
    id               INT     NOT NULL PRIMARY KEY,
    horizon_seq      BIGINT  NOT NULL,
    horizon_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- ISO-timestamp cursors of old POS clients are translated to a sequence by time.
CREATE INDEX ix_change_log_changed_at ON change_log (changed_at);

-- Products are served from the change log: the latest change of each product since a cursor (NOT EXISTS a later one).
CREATE INDEX ix_change_log_entity ON change_log (entity_type, entity_id, seq);
