package io.sealcloud.appstore.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.appstore.config.AppstoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Imports the shipped sample templates (and the configured directory, if any) at startup. Idempotent: a version that
 * is already stored with the same content is left alone, so every replica may run it on every start.
 */
@ApplicationScoped
public class CatalogBootstrap {

    private static final Logger LOG = Logger.getLogger(CatalogBootstrap.class);
    static final String BUILTIN = "catalog/templates/";

    private final CatalogService catalog;
    private final AppstoreConfig config;

    public CatalogBootstrap(CatalogService catalog, AppstoreConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (config.catalog().builtin()) {
            importEach(builtinFiles(), config.catalog().builtinVersion(), "builtin");
        }
        if (config.catalog().directory().isPresent()) {
            importEach(
                    directoryFiles(config.catalog().directory().get()),
                    config.catalog().directoryVersion(),
                    "directory");
        }
    }

    /** One transaction per file: one bad or conflicting file must not keep the others out of the catalog. */
    private void importEach(List<TemplateFile> files, String version, String source) throws Throwable {
        int created = 0;
        for (TemplateFile file : files) {
            try {
                List<ImportOutcome> outcomes = VertxContextSupport.subscribeAndAwait(
                        () -> catalog.importFiles(List.of(file), version, source, "system:" + source, false));
                created += (int) outcomes.stream()
                        .filter(o -> o.outcome().equals("created"))
                        .count();
            } catch (CatalogImportException e) {
                LOG.warnf("Not imported %s %s: %s", source, file.path(), e.getMessage());
            }
        }
        LOG.infof("Catalog %s: %d template files, %d new versions (%s)", source, files.size(), created, version);
    }

    static List<TemplateFile> builtinFiles() {
        List<TemplateFile> files = new ArrayList<>();
        for (String name : resource("catalog/templates.list")
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .toList()) {
            files.add(new TemplateFile(BUILTIN + name, resource(BUILTIN + name)));
        }
        return files;
    }

    private static List<TemplateFile> directoryFiles(Path directory) {
        try (Stream<Path> paths = Files.list(directory)) {
            List<TemplateFile> files = new ArrayList<>();
            for (Path path : paths.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList()) {
                files.add(new TemplateFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalog directory " + directory, e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = CatalogBootstrap.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
