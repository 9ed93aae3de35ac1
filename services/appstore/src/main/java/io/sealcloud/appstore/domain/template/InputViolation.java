package io.sealcloud.appstore.domain.template;

/** One problem with the supplied inputs; {@code pointer} is a JSON Pointer into the request ({@code /inputs/<name>}). */
public record InputViolation(String pointer, String detail) {

    public static InputViolation at(String input, String detail) {
        return new InputViolation("/inputs/" + input.replace("~", "~0").replace("/", "~1"), detail);
    }
}
