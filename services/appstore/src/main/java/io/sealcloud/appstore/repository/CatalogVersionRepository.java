package io.sealcloud.appstore.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.appstore.domain.catalog.CatalogVersion;
import io.sealcloud.appstore.domain.catalog.VersionKey;
import io.sealcloud.appstore.domain.catalog.VersionStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Template versions. */
@ApplicationScoped
public class CatalogVersionRepository implements PanacheRepositoryBase<CatalogVersion, VersionKey> {

    /** The versions a user may see (published and deprecated), newest first. */
    public Uni<List<CatalogVersion>> listVisible(String templateName) {
        return list(
                "key.templateName = ?1 and status in ?2 order by createdAt desc, key.version desc",
                templateName,
                List.of(VersionStatus.PUBLISHED, VersionStatus.DEPRECATED));
    }

    /** A version a user may see, else null. */
    public Uni<CatalogVersion> findVisible(String templateName, String version) {
        return find(
                        "key.templateName = ?1 and key.version = ?2 and status in ?3",
                        templateName,
                        version,
                        List.of(VersionStatus.PUBLISHED, VersionStatus.DEPRECATED))
                .firstResult();
    }

    /** A version in any status (drafts included), else null. */
    public Uni<CatalogVersion> findAny(String templateName, String version) {
        return find("key.templateName = ?1 and key.version = ?2", templateName, version)
                .firstResult();
    }

    /** Drafts waiting for ops, oldest first; {@code author} null = everyone's. */
    public Uni<List<CatalogVersion>> drafts(String author, int page, int size) {
        var query = author == null
                ? find("status = ?1 order by createdAt, key.templateName", VersionStatus.DRAFT)
                : find(
                        "status = ?1 and createdBy = ?2 order by createdAt, key.templateName",
                        VersionStatus.DRAFT,
                        author);
        return query.page(io.quarkus.panache.common.Page.of(page, size)).list();
    }

    public Uni<Long> countDrafts(String author) {
        return author == null
                ? count("status = ?1", VersionStatus.DRAFT)
                : count("status = ?1 and createdBy = ?2", VersionStatus.DRAFT, author);
    }

    /** The newest listed (published or deprecated) version other than {@code except}, else null. */
    public Uni<CatalogVersion> newestListed(String templateName, String except) {
        return find(
                        "key.templateName = ?1 and key.version <> ?2 and status in ?3 order by createdAt desc, key.version desc",
                        templateName,
                        except,
                        List.of(VersionStatus.PUBLISHED, VersionStatus.DEPRECATED))
                .firstResult();
    }

    /** Every version of the given templates (any status). */
    public Uni<List<CatalogVersion>> ofTemplates(List<String> templateNames) {
        return list("key.templateName in ?1", templateNames);
    }
}
