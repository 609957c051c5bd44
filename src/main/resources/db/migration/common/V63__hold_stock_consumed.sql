-- Units of confirmed hub-mode holds that the stored 'available' still counts: the order took them, but the stock feed
-- has not reported the lower level yet. They stay unavailable until the next stock update of the SKU, which resets
-- them to 0 (the new level is taken to include the sale).
ALTER TABLE hold_stock ADD COLUMN consumed BIGINT NOT NULL DEFAULT 0;
