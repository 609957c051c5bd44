-- The drain's poll (status = 'PENDING' AND next_attempt_at <= now ORDER BY status, id LIMIT n) on PostgreSQL: with
-- statistics taken while a burst waited (nearly every row pending), the planner walks the primary key in id order and
-- filters out every delivery already done: 11-16 ms per poll after 30,000-42,000 deliveries in the inbound benchmark,
-- longer as the retained history grows. ix_inbox_due (status, id) gives the same order, but its first column's weak
-- correlation with the table makes it look dearer. An index of the pending rows alone, in id order, is both the
-- smallest and in the table's order: the poll reads the first n due rows and nothing of the history.
-- (H2 has no partial indexes; it reads ix_inbox_due as intended.)
CREATE INDEX ix_inbox_pending_id ON inbox (id) WHERE status = 'PENDING';
