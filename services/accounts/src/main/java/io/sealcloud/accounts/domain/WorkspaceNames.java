package io.sealcloud.accounts.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Workspace names: a DNS label of 3–40 characters (lower-case letters, digits and '-', starting with a letter and not
 * ending with '-'), unique among one owner's workspaces.
 */
public final class WorkspaceNames {

    /** The rule as a regular expression (also used by Bean Validation on the API and a CHECK in the database). */
    public static final String REGEX = "^[a-z][a-z0-9-]{1,38}[a-z0-9]$";

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 40;
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private WorkspaceNames() {}

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /**
     * The name of a user's personal workspace, derived from the username: lower-cased, every run of other characters
     * turned into one '-', prefixed with "u-" when it does not start with a letter, padded and cut to fit.
     */
    public static String personalName(String username) {
        String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
        name = name.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name = "u-" + name;
        }
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        name = name.replaceAll("-+$", "");
        if (name.length() < MIN_LENGTH) {
            name = name + "-ws";
        }
        return name;
    }
}
