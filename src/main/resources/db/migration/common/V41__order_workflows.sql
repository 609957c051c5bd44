-- Stage workflows are data (mappings/order-workflows.yaml); each order keeps the name of the one it follows.
ALTER TABLE orders ADD COLUMN workflow VARCHAR(40) DEFAULT 'ecommerce' NOT NULL;
