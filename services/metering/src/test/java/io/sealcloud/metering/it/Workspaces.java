package io.sealcloud.metering.it;

import java.security.SecureRandom;

/** Fresh workspace ids in accounts' format (DNS-label safe), unique per test. */
public final class Workspaces {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private Workspaces() {}

    public static String newId() {
        StringBuilder id = new StringBuilder("t");
        for (int i = 0; i < 9; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
