-- Ops review of template versions: who approved, deprecated or withdrew a version, when and why.
ALTER TABLE catalog_versions
    ADD COLUMN reviewed_by   text,
    ADD COLUMN reviewed_at   timestamptz,
    ADD COLUMN review_note   text;

CREATE INDEX catalog_versions_drafts ON catalog_versions (created_at) WHERE status = 'draft';
