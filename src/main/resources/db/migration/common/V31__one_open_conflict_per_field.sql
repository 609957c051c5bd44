-- One open conflict per product and field: a repeated disagreement updates the open record (values, origins,
-- occurrences, last seen) instead of appending. open_field holds the field while the conflict is open and NULL once
-- settled, so the unique index allows any number of settled records but only one open one (NULLs never collide,
-- on H2 and PostgreSQL alike).
ALTER TABLE conflicts ADD COLUMN occurrences INT DEFAULT 1 NOT NULL;
ALTER TABLE conflicts ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE conflicts ADD COLUMN open_field VARCHAR(100);

UPDATE conflicts SET last_seen_at = created_at;
-- duplicates opened before this rule: the newest open record per product and field stays open, older ones are closed
UPDATE conflicts SET status = 'RESOLVED', resolution = 'superseded', resolved_at = created_at
 WHERE status = 'CONFLICT' AND EXISTS (SELECT 1 FROM conflicts newer WHERE newer.product_id = conflicts.product_id
       AND newer.field = conflicts.field AND newer.status = 'CONFLICT' AND newer.id > conflicts.id);
UPDATE conflicts SET open_field = field WHERE status = 'CONFLICT';
CREATE UNIQUE INDEX ux_conflicts_open ON conflicts (product_id, open_field);
