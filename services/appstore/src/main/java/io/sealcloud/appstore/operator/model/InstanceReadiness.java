package io.sealcloud.appstore.operator.model;

import io.sealcloud.appstore.operator.crd.v1alpha1.ObjectStatus;
import java.util.List;

/** The readiness of a whole revision: ready when every object is, failed when any object failed for good. */
public record InstanceReadiness(List<ObjectStatus> objects, boolean ready, boolean failed, String message) {

    public static InstanceReadiness of(List<ObjectStatus> objects, List<Boolean> failures) {
        long notReady =
                objects.stream().filter(o -> !Boolean.TRUE.equals(o.getReady())).count();
        int failedIndex = failures.indexOf(Boolean.TRUE);
        boolean failed = failedIndex >= 0;
        String message;
        if (failed) {
            ObjectStatus o = objects.get(failedIndex);
            message = o.getKind() + " " + o.getName() + " " + o.getMessage();
        } else if (notReady == 0) {
            message = objects.size() + " objects ready";
        } else {
            ObjectStatus first = objects.stream()
                    .filter(o -> !Boolean.TRUE.equals(o.getReady()))
                    .findFirst()
                    .orElseThrow();
            message = notReady + " of " + objects.size() + " objects not ready; first: " + first.getKind() + " "
                    + first.getName() + " " + first.getMessage();
        }
        return new InstanceReadiness(objects, notReady == 0 && !failed, failed, message);
    }
}
