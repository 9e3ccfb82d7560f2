-- Integrators keep in step by asking for the messages modified since their last look (CareHQ's
-- filters-modified_after); this index answers that without reading a tenant's whole history.
CREATE INDEX message_modified_idx ON message (tenant_id, updated_at, message_id);
