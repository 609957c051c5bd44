-- The drain works in lanes (one thread each): a delivery's lane is fixed at intake from the resource it is about
-- (the platform's id of the product, order, inventory item), so every delivery of one resource is drained by the
-- same lane, in order, while the lanes share the cores. Deliveries that name no resource are all in lane 0.
ALTER TABLE inbox ADD COLUMN lane INT DEFAULT 0 NOT NULL;
