-- Fulfilment through JTL-FFN: one outbound (shipping order) per hub order, and what the FFN last reported about it.
-- Portable between H2 (MODE=PostgreSQL) and PostgreSQL 15.

CREATE TABLE order_outbounds (
    order_id                 BIGINT        NOT NULL PRIMARY KEY,   -- the hub's order
    client_id                VARCHAR(100)  NOT NULL,
    merchant_outbound_number VARCHAR(100)  NOT NULL,               -- what the hub sent as merchantOutboundNumber
    outbound_id              VARCHAR(100)  NOT NULL,               -- the FFN's outboundId
    jtl_status               VARCHAR(40),                          -- the last status applied from the FFN
    jtl_updated_at           TIMESTAMP WITH TIME ZONE,             -- its modificationInfo.updatedAt (an entry not newer changes nothing)
    shipped_reported         BOOLEAN       NOT NULL DEFAULT FALSE, -- the report back to the order's shop was planned
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_order_outbounds_outbound ON order_outbounds (outbound_id);
CREATE INDEX ix_order_outbounds_number ON order_outbounds (merchant_outbound_number);
