package io.sealcloud.accounts.domain;

import java.security.SecureRandom;

/**
 * Workspace ids: 10 random characters of lower-case base32 (50 bits). Short enough to read, lower-case so that the
 * namespace {@code ns-<id>} and the Workspace resource name are valid DNS labels; the first character is a letter so
 * an id never looks like a number.
 */
public final class WorkspaceIds {

    static final int LENGTH = 10;
    private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkspaceIds() {}

    public static String newId() {
        char[] id = new char[LENGTH];
        id[0] = LETTERS[RANDOM.nextInt(LETTERS.length)];
        for (int i = 1; i < LENGTH; i++) {
            id[i] = BASE32[RANDOM.nextInt(BASE32.length)];
        }
        return new String(id);
    }

    /** The namespace that belongs to a workspace. */
    public static String namespaceOf(String workspaceId) {
        return "ns-" + workspaceId;
    }
}
