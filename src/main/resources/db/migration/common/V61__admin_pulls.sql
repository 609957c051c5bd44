-- The admin panel's pulls: per kind (products, categories) when the last one succeeded and why the last one failed,
-- and which POS categories came from the panel (only those are tombstoned when the panel drops them).

CREATE TABLE admin_pulls (
    kind                  VARCHAR(40)   NOT NULL PRIMARY KEY,
    last_success_at       TIMESTAMP WITH TIME ZONE,
    last_attempt_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error            VARCHAR(2000),
    last_count            INT           NOT NULL DEFAULT 0,
    consecutive_failures  INT           NOT NULL DEFAULT 0
);

CREATE TABLE admin_categories (
    category_id           VARCHAR(100)  NOT NULL PRIMARY KEY
);
