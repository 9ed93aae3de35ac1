package io.sealcloud.appstore.domain.template;

/** One entry of a template's {@code defaults}: a value computed once per render (e.g. {@code app-${{ random(8) }}}). */
public record DefaultSpec(String name, String type, String value) {}
