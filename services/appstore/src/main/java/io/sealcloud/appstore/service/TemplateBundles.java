package io.sealcloud.appstore.service;

import io.sealcloud.appstore.config.AppstoreConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an uploaded bundle — a tar.gz, a zip, or a single YAML file — into template files, within limits (total size,
 * file count, file size). Only {@code *.yaml}/{@code *.yml} entries count; nothing is written to disk.
 */
public final class TemplateBundles {

    /** The bundle is unusable; the message says why. */
    public static class InvalidBundleException extends RuntimeException {
        public InvalidBundleException(String message) {
            super(message);
        }
    }

    private TemplateBundles() {}

    public static List<TemplateFile> read(byte[] bundle, String mediaType, AppstoreConfig.Bundles limits) {
        if (bundle.length > limits.maxBytes()) {
            throw new InvalidBundleException("the bundle is larger than " + limits.maxBytes() + " bytes");
        }
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        try {
            // Before "zip": "application/gzip" contains it.
            if (type.contains("gzip") || type.contains("tar")) {
                InputStream in = new ByteArrayInputStream(bundle);
                if (type.contains("gzip")) {
                    in = new GzipCompressorInputStream(in);
                }
                return entries(new TarArchiveInputStream(in), limits);
            }
            if (type.contains("zip")) {
                return entries(new ZipArchiveInputStream(new ByteArrayInputStream(bundle)), limits);
            }
            if (type.contains("yaml")) {
                return List.of(new TemplateFile("template.yaml", utf8(bundle, "the file")));
            }
        } catch (IOException e) {
            throw new InvalidBundleException("the bundle cannot be read: " + e.getMessage());
        }
        throw new InvalidBundleException("unsupported bundle type '" + mediaType + "'");
    }

    private static List<TemplateFile> entries(
            ArchiveInputStream<? extends ArchiveEntry> archive, AppstoreConfig.Bundles limits) throws IOException {
        List<TemplateFile> files = new ArrayList<>();
        long total = 0;
        try (archive) {
            ArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                String name = entry.getName();
                String lower = name.toLowerCase(Locale.ROOT);
                String base = lower.substring(lower.lastIndexOf('/') + 1);
                if (entry.isDirectory()
                        || base.startsWith(".")
                        || !(lower.endsWith(".yaml") || lower.endsWith(".yml"))) {
                    continue;
                }
                if (files.size() == limits.maxFiles()) {
                    throw new InvalidBundleException(
                            "the bundle has more than " + limits.maxFiles() + " template files");
                }
                byte[] content = archive.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
                if (content.length > limits.maxFileBytes()) {
                    throw new InvalidBundleException(name + " is larger than " + limits.maxFileBytes() + " bytes");
                }
                total += content.length;
                if (total > limits.maxBytes()) {
                    throw new InvalidBundleException("the bundle unpacks to more than " + limits.maxBytes() + " bytes");
                }
                files.add(new TemplateFile(name, utf8(content, name)));
            }
        }
        return files;
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidBundleException(what + " is not UTF-8 text");
        }
    }
}
