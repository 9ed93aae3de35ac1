package io.sealcloud.appstore.domain.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An app of the catalog, with the metadata of its latest published version; hidden while it has none. */
@Entity
@Table(name = "catalog_templates")
public class CatalogTemplate {

    @Id
    public String name;

    @Column(nullable = false)
    public String title;

    public String description;
    public String url;

    @Column(name = "git_repo")
    public String gitRepo;

    public String author;
    public String readme;
    public String icon;

    @Column(nullable = false)
    public String locale;

    /** {@code ,en,zh,}: the template's locale and its translations. */
    @Column(nullable = false)
    public String locales;

    /** {@code ,ai,tool,}. */
    @Column(nullable = false)
    public String categories;

    @Column(name = "i18n_json", nullable = false)
    public String i18nJson;

    @Column(name = "search_text", nullable = false)
    public String searchText;

    @Column(name = "latest_version")
    public String latestVersion;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
