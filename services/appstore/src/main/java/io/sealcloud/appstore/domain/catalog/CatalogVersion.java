package io.sealcloud.appstore.domain.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One immutable version of a template: the file as imported, and its inputs' JSON Schema. */
@Entity
@Table(name = "catalog_versions")
public class CatalogVersion {

    @EmbeddedId
    public VersionKey key;

    @Convert(converter = VersionStatus.Converter.class)
    @Column(nullable = false)
    public VersionStatus status;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String content;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(name = "input_schema", nullable = false)
    public String inputSchema;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The ops user who last changed the status (approved, deprecated, withdrew), and when and why. */
    @Column(name = "reviewed_by")
    public String reviewedBy;

    @Column(name = "reviewed_at")
    public Instant reviewedAt;

    @Column(name = "review_note")
    public String reviewNote;
}
