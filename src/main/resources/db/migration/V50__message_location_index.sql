-- The PurePhone dialect lists a location's messages on a channel newest first, by offset; this index
-- serves that order (and its count of a search) without reading other locations' messages.
CREATE INDEX message_location_time_idx ON message (tenant_id, location_id, channel, occurred_at DESC, message_id DESC);
