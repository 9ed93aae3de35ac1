package io.sealcloud.platform.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Turns Bean Validation violations and Jackson binding errors into {@link Problem.Violation}s: JSON pointers into the
 * request body, or the name of the offending query/path/header parameter.
 */
public final class Violations {

    /** Parameter annotations that say "this is not the body" (Jakarta REST and Quarkus REST spellings). */
    private static final Set<String> PARAMETER_ANNOTATIONS = Set.of(
            "jakarta.ws.rs.QueryParam",
            "jakarta.ws.rs.PathParam",
            "jakarta.ws.rs.HeaderParam",
            "jakarta.ws.rs.CookieParam",
            "jakarta.ws.rs.MatrixParam",
            "jakarta.ws.rs.FormParam",
            "jakarta.ws.rs.BeanParam",
            "org.jboss.resteasy.reactive.RestQuery",
            "org.jboss.resteasy.reactive.RestPath",
            "org.jboss.resteasy.reactive.RestHeader",
            "org.jboss.resteasy.reactive.RestCookie",
            "org.jboss.resteasy.reactive.RestMatrix",
            "org.jboss.resteasy.reactive.RestForm");

    private Violations() {}

    /** One violation per constraint violation, ordered by pointer/parameter so responses are stable. */
    public static List<Problem.Violation> of(Set<? extends ConstraintViolation<?>> violations) {
        List<Problem.Violation> result = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations) {
            result.add(of(violation));
        }
        result.sort(Comparator.comparing((Problem.Violation v) -> v.pointer() == null ? "" : v.pointer())
                .thenComparing(v -> v.parameter() == null ? "" : v.parameter())
                .thenComparing(v -> v.detail() == null ? "" : v.detail()));
        return result;
    }

    /** Whether any violation is about a method's return value: a server bug, not bad input. */
    public static boolean anyOnReturnValue(Set<? extends ConstraintViolation<?>> violations) {
        for (ConstraintViolation<?> violation : violations) {
            for (Path.Node node : violation.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
        }
        return false;
    }

    static Problem.Violation of(ConstraintViolation<?> violation) {
        Deque<Path.Node> nodes = new ArrayDeque<>();
        violation.getPropertyPath().forEach(nodes::add);
        String message = violation.getMessage();
        Path.Node first = nodes.peekFirst();
        if (first == null || (first.getKind() != ElementKind.METHOD && first.getKind() != ElementKind.CONSTRUCTOR)) {
            // A bean validated directly (e.g. a command object in a service): its properties are the body's.
            return Problem.Violation.atPointer(pointer(nodes), message);
        }
        Path.Node method = nodes.removeFirst();
        Path.Node target = nodes.pollFirst();
        if (target == null || target.getKind() != ElementKind.PARAMETER) {
            // Cross-parameter constraints concern the request as a whole.
            return Problem.Violation.atPointer("", message);
        }
        int index = target.as(Path.ParameterNode.class).getParameterIndex();
        List<Class<?>> types = method.getKind() == ElementKind.METHOD
                ? method.as(Path.MethodNode.class).getParameterTypes()
                : List.of();
        String parameterName = requestParameterName(violation.getRootBeanClass(), method.getName(), types, index);
        if (parameterName == null) {
            return Problem.Violation.atPointer(pointer(nodes), message);
        }
        if (parameterName.isEmpty()) {
            parameterName = target.getName();
        }
        // A @BeanParam's field names the parameter better than the holder does.
        String last = null;
        for (Path.Node node : nodes) {
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                last = node.getName();
            }
        }
        return Problem.Violation.atParameter(last != null ? last : parameterName, message);
    }

    /**
     * The request parameter name of a method parameter, {@code ""} if annotated without an explicit name, or
     * {@code null} if the parameter is the request body. Resource classes may be CDI subclasses whose overriding methods
     * carry no annotations, so every declaration up the hierarchy is looked at.
     */
    private static String requestParameterName(Class<?> type, String methodName, List<Class<?>> types, int index) {
        Class<?>[] parameterTypes = types.toArray(Class<?>[]::new);
        Deque<Class<?>> queue = new ArrayDeque<>();
        if (type != null) {
            queue.add(type);
        }
        while (!queue.isEmpty()) {
            Class<?> current = queue.removeFirst();
            try {
                Method declared = current.getDeclaredMethod(methodName, parameterTypes);
                Annotation[][] annotations = declared.getParameterAnnotations();
                if (index >= 0 && index < annotations.length) {
                    for (Annotation annotation : annotations[index]) {
                        String name = annotation.annotationType().getName();
                        if (PARAMETER_ANNOTATIONS.contains(name)) {
                            return annotationValue(annotation);
                        }
                    }
                }
            } catch (NoSuchMethodException notDeclaredHere) {
                // keep looking up the hierarchy
            }
            if (current.getSuperclass() != null) {
                queue.add(current.getSuperclass());
            }
            queue.addAll(List.of(current.getInterfaces()));
        }
        return null;
    }

    private static String annotationValue(Annotation annotation) {
        try {
            Object value = annotation.annotationType().getMethod("value").invoke(annotation);
            return value instanceof String s ? s : "";
        } catch (ReflectiveOperationException noValue) {
            return "";
        }
    }

    /** JSON pointer of the property nodes below the validated parameter or bean. */
    static String pointer(Iterable<Path.Node> nodes) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : nodes) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    pointer.append('/').append(node.getIndex());
                } else if (node.getKey() != null) {
                    pointer.append('/').append(escape(String.valueOf(node.getKey())));
                }
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                pointer.append('/').append(escape(node.getName()));
            }
        }
        return pointer.toString();
    }

    /** JSON pointer of the place a Jackson binding error happened ({@code ""} when unknown: the whole body). */
    public static String pointer(JsonMappingException exception) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                pointer.append('/').append(escape(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append('/').append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
