-- The once-a-minute activity summary (io.synchub.sync.ActivitySummary) counts the orders and dead letters created in
-- the last minute; without an index each count read the whole table, which keeps its retention period. Both tables
-- are written far less often than the inbox and outbox (whose counts are bounded by id instead).
CREATE INDEX ix_orders_created ON orders (created_at);
CREATE INDEX ix_dead_letters_created ON dead_letters (created_at);
