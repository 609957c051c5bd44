-- A product deleted in a shop (with no other live link) or through DELETE /api/v1/products/{id} stays in the central
-- store, inactive, and reaches POS registers as a tombstone: one row per retired product.
CREATE TABLE product_retirements (
    product_id   BIGINT       NOT NULL PRIMARY KEY,
    origin       VARCHAR(40)  NOT NULL,
    retired_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
