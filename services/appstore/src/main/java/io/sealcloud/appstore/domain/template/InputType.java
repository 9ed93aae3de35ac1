package io.sealcloud.appstore.domain.template;

import java.util.Locale;

/** The input types of the Sealos template format. Values are always carried as strings, as the format does. */
public enum InputType {
    STRING,
    NUMBER,
    BOOLEAN,
    CHOICE;

    /** The type named in a template ({@code string}, {@code number}, {@code boolean}, {@code choice}). */
    public static InputType parse(String name) {
        if (name == null) {
            return STRING; // the format's default
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "string", "" -> STRING;
            case "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            case "choice" -> CHOICE;
            default -> throw new IllegalArgumentException("unknown input type '" + name + "'");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
