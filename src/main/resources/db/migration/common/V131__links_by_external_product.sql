-- A push counts the variants the platform's product has (platform, client, external product id): without this index
-- every push walked all of the platform's links.
CREATE INDEX ix_links_external_product ON product_links (platform, client_id, external_product_id);
