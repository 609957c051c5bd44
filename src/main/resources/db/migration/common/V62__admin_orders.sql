-- The hub's orders that reached the admin panel: the panel's own order id, so a job retried after a lost answer
-- or replayed from the dead letters is not sent twice (the Idempotency-Key covers the retries in between).

CREATE TABLE admin_orders (
    order_id         BIGINT        NOT NULL PRIMARY KEY,   -- the hub's order
    admin_order_id   VARCHAR(100)  NOT NULL,               -- the panel's orderId
    pushed_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
