package io.sealcloud.appstore.service;

/** A template file to import: where it came from (for messages) and its text. */
public record TemplateFile(String path, String content) {}
