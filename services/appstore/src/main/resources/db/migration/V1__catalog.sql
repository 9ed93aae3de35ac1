-- appstore catalog: templates (one row per app, metadata of its latest published version) and their versions.

CREATE TABLE catalog_templates (
    name            text        PRIMARY KEY CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    title           text        NOT NULL,
    description     text,
    url             text,
    git_repo        text,
    author          text,
    readme          text,
    icon            text,
    locale          text        NOT NULL,
    -- ",en,zh," and ",ai,tool,": delimited so that LIKE '%,ai,%' matches whole values only.
    locales         text        NOT NULL,
    categories      text        NOT NULL,
    i18n_json       text        NOT NULL DEFAULT '{}',
    -- lowercased name, titles, descriptions and categories, for keyword search
    search_text     text        NOT NULL,
    -- null while the template has no published version: such templates are hidden
    latest_version  text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX catalog_templates_listed ON catalog_templates (title) WHERE latest_version IS NOT NULL;

CREATE TABLE catalog_versions (
    template_name   text        NOT NULL REFERENCES catalog_templates (name) ON DELETE CASCADE,
    version         text        NOT NULL CHECK (version ~ '^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$'),
    status          text        NOT NULL CHECK (status IN ('draft', 'published', 'deprecated', 'withdrawn')),
    source          text        NOT NULL CHECK (source IN ('builtin', 'directory', 'upload')),
    content         text        NOT NULL,
    content_sha256  text        NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    input_schema    text        NOT NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (template_name, version)
);
