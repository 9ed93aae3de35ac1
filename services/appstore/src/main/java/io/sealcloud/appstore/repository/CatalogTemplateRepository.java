package io.sealcloud.appstore.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.sealcloud.appstore.domain.catalog.CatalogTemplate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Catalog templates; only those with a published version are listed. */
@ApplicationScoped
public class CatalogTemplateRepository implements PanacheRepositoryBase<CatalogTemplate, String> {

    /** A page of listed templates and how many match in all. */
    public record Page(List<CatalogTemplate> items, long total) {}

    /** Listed templates matching every given filter (null = any), by title. */
    public Uni<Page> search(String category, String keyword, String locale, int page, int size) {
        List<String> where = new ArrayList<>(List.of("latestVersion is not null"));
        Parameters parameters = new Parameters();
        if (category != null) {
            where.add("categories like :category escape '\\'");
            parameters.and("category", "%," + escapeLike(category.toLowerCase(Locale.ROOT)) + ",%");
        }
        if (locale != null) {
            where.add("locales like :locale escape '\\'");
            parameters.and("locale", "%," + escapeLike(locale) + ",%");
        }
        if (keyword != null) {
            where.add("searchText like :keyword escape '\\'");
            parameters.and("keyword", "%" + escapeLike(keyword.toLowerCase(Locale.ROOT)) + "%");
        }
        String query = String.join(" and ", where);
        return find(query + " order by lower(title), name", parameters)
                .page(page, size)
                .list()
                .chain(items -> count(query, parameters).map(total -> new Page(items, total)));
    }

    /** The template if it is listed (has a published version), else null. */
    public Uni<CatalogTemplate> findListed(String name) {
        return find("name = ?1 and latestVersion is not null", name).firstResult();
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
