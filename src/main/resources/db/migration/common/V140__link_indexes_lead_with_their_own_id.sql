-- The secondary link indexes lead with the id they look up, not with (platform, client_id).
-- With (platform, client_id, external_product_id) and (platform, client_id, inventory_item_id) beside the unique
-- (platform, client_id, external_variant_id), all three share a two-column prefix, and PostgreSQL's generic plan for the
-- drain's variant lookup picked whichever it met first when the table had no statistics yet (after a bulk import,
-- before autovacuum analysed it): every webhook then read all the platform's links (1.3 ms instead of 0.02 ms per
-- delivery at 5,000 links, measured with EXPLAIN ANALYZE on a copy of the benchmark's table). An index that leads with
-- another column cannot serve the variant lookup, so the unique index is the only candidate.
DROP INDEX ix_links_external_product;
DROP INDEX ix_links_inventory_item;
CREATE INDEX ix_links_external_product ON product_links (external_product_id, platform, client_id);
CREATE INDEX ix_links_inventory_item ON product_links (inventory_item_id, platform, client_id);
