package io.sealcloud.appstore.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Request bodies of the app lifecycle API. */
public final class AppRequests {

    private AppRequests() {}

    /**
     * Install a template version. {@code name} defaults to the template name; {@code pvcPolicy} (default {@code
     * keep}) says what happens to volume claims a later revision no longer renders.
     */
    public record Install(
            @NotBlank @Size(max = 63) String template,
            @NotBlank @Size(max = 64) String version,
            @Size(max = 40) String name,
            Map<String, Object> inputs,
            @Pattern(regexp = "^(keep|delete)$") String pvcPolicy) {}

    /**
     * Upgrade to another version and/or inputs ({@code inputs} are merged over the current ones; a {@code null} value
     * drops an input so that its default applies). {@code timeoutSeconds}: how long the new revision may take to be
     * Ready before it is rolled back (default 5 minutes).
     */
    public record Upgrade(
            @Size(max = 64) String version,
            Map<String, Object> inputs,
            @Min(1) @Max(86_400) Integer timeoutSeconds) {}

    /** Roll back to a kept revision (re-applied as a new revision). */
    public record Rollback(@NotNull @Min(1) Integer revision) {}
}
