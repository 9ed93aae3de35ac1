package io.sealcloud.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealcloud.appstore.config.AppstoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

class TemplateBundlesTest {

    static AppstoreConfig.Bundles limits(long maxBytes, int maxFiles, long maxFileBytes) {
        return new AppstoreConfig.Bundles() {
            @Override
            public long maxBytes() {
                return maxBytes;
            }

            @Override
            public int maxFiles() {
                return maxFiles;
            }

            @Override
            public long maxFileBytes() {
                return maxFileBytes;
            }
        };
    }

    static final AppstoreConfig.Bundles DEFAULT = limits(1 << 20, 10, 1 << 16);

    @Test
    void aTarGzYieldsItsYamlFilesAndSkipsTheRest() throws IOException {
        byte[] bundle =
                tarGz("a/template.yaml", "kind: A", "a/README.md", "# no", "b/x.yml", "kind: B", ".hidden.yaml", "x");

        assertThat(TemplateBundles.read(bundle, "application/gzip", DEFAULT))
                .extracting(TemplateFile::path, TemplateFile::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a/template.yaml", "kind: A"),
                        org.assertj.core.groups.Tuple.tuple("b/x.yml", "kind: B"));
    }

    @Test
    void aZipYieldsItsYamlFiles() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("t/template.yaml"));
            zip.write("kind: Z".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        assertThat(TemplateBundles.read(out.toByteArray(), "application/zip", DEFAULT))
                .extracting(TemplateFile::content)
                .containsExactly("kind: Z");
    }

    @Test
    void oneYamlFileIsABundleOfOne() {
        assertThat(TemplateBundles.read("kind: Y".getBytes(StandardCharsets.UTF_8), "application/yaml", DEFAULT))
                .extracting(TemplateFile::content)
                .containsExactly("kind: Y");
    }

    @Test
    void limitsAreEnforced() throws IOException {
        byte[] three = tarGz("1.yaml", "a", "2.yaml", "b", "3.yaml", "c");
        assertThatThrownBy(() -> TemplateBundles.read(three, "application/gzip", limits(1 << 20, 2, 100)))
                .hasMessageContaining("more than 2 template files");

        byte[] big = tarGz("big.yaml", "x".repeat(200));
        assertThatThrownBy(() -> TemplateBundles.read(big, "application/gzip", limits(1 << 20, 10, 100)))
                .hasMessageContaining("big.yaml is larger than 100 bytes");
    }

    @Test
    void garbageAndUnknownTypesAreRefused() {
        assertThatThrownBy(() -> TemplateBundles.read(new byte[] {1, 2, 3}, "application/gzip", DEFAULT))
                .isInstanceOf(TemplateBundles.InvalidBundleException.class);
        assertThatThrownBy(
                        () -> TemplateBundles.read(new byte[] {(byte) 0xff, (byte) 0xfe}, "application/yaml", DEFAULT))
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> TemplateBundles.read(new byte[0], "application/pdf", DEFAULT))
                .hasMessageContaining("unsupported bundle type");
    }

    static byte[] tarGz(String... pathsAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                byte[] bytes = pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(pathsAndContents[i]);
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
