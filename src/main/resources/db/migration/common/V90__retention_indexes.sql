-- Retention (io.synchub.retention.OperationalRetention) finds rows past their age by these times; without an index
-- every purge batch would read the whole table. The inbox and outbox purges walk their primary keys instead (old
-- rows have the low ids), so their write paths get no extra index.
CREATE INDEX ix_sync_log_created ON sync_log (created_at);
CREATE INDEX ix_echo_pushes_pushed ON echo_pushes (pushed_at);
CREATE INDEX ix_camel_messageprocessed_created ON camel_messageprocessed (createdat);
