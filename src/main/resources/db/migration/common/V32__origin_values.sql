-- Per field, per origin: the value the hub last saw from that origin (applied, dropped or echoed). A delivery that
-- carries the same value again did not change that field at its origin and is no new write of it (a platform that
-- can not hold a field, e.g. tags on WooCommerce, keeps sending its own value without that being an edit).
ALTER TABLE products ADD COLUMN origin_values TEXT DEFAULT '{}' NOT NULL;
