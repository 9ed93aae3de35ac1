package io.sealcloud.archfixture.other;

/** Fixture: stands for another sealcloud service. */
public class OtherService {
    public static String name() {
        return "other";
    }
}
