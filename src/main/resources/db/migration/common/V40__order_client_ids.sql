-- Orders are addressed by the client's own order id (a string such as ORDER-001; a shop order's id at its shop),
-- unique per source and tenant; the hub's numeric id stays valid too. Events carry that id so a dashboard can
-- follow an order by the id it knows, and may concern no order at all (integration status events).
ALTER TABLE orders ADD COLUMN order_ref VARCHAR(100);
ALTER TABLE orders ADD COLUMN tenant_id VARCHAR(100) DEFAULT '' NOT NULL;
UPDATE orders SET order_ref = CAST(id AS VARCHAR(100)) WHERE order_ref IS NULL;
CREATE UNIQUE INDEX ux_orders_ref ON orders (origin, client_id, tenant_id, order_ref);
CREATE INDEX ix_orders_order_ref ON orders (order_ref);

ALTER TABLE order_events ADD COLUMN order_ref VARCHAR(100);
ALTER TABLE order_events ADD COLUMN tenant_id VARCHAR(100) DEFAULT '' NOT NULL;
ALTER TABLE order_events ALTER COLUMN order_id DROP NOT NULL;
UPDATE order_events SET order_ref = CAST(order_id AS VARCHAR(100)) WHERE order_ref IS NULL AND order_id IS NOT NULL;
CREATE INDEX ix_order_events_ref ON order_events (order_ref, id);
-- the washing bay an event is about (queue and job events), a stream filter
ALTER TABLE order_events ADD COLUMN bay_id VARCHAR(100);
