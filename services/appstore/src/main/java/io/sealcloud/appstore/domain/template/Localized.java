package io.sealcloud.appstore.domain.template;

/** A translation of a template's title and description ({@code spec.i18n.<locale>}). */
public record Localized(String title, String description) {}
