package io.sealcloud.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds every {@code io.sealcloud.contracts.<service>.<Service>Events} class on the compiled classpath, so a new
 * service's events are checked without anyone registering them here.
 */
final class ContractCatalog {

    /** The contracts module directory (surefire runs tests there and sets {@code basedir}). */
    static final Path MODULE_DIR =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();

    static final Path SCHEMAS_DIR = MODULE_DIR.resolve("src/main/resources/schemas");

    static final Path ASYNCAPI = MODULE_DIR.resolve("asyncapi.yaml");

    private ContractCatalog() {}

    /** Every {@code *Events} class, sorted by name. */
    static List<Class<?>> eventsClasses() {
        Path classes = classesRoot();
        Path base = classes.resolve("io/sealcloud/contracts");
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(p -> p.getFileName().toString().endsWith("Events.class"))
                    .map(p -> classes.relativize(p).toString().replace('/', '.').replace(".class", ""))
                    .sorted()
                    .<Class<?>>map(ContractCatalog::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The union of every {@code *Events.ALL}, in class then declaration order. */
    static List<EventType<?>> eventTypes() {
        List<EventType<?>> all = new ArrayList<>();
        for (Class<?> events : eventsClasses()) {
            all.addAll(declaredAll(events));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static List<EventType<?>> declaredAll(Class<?> events) {
        try {
            return (List<EventType<?>>) events.getField("ALL").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(events.getName() + " must declare public static List<EventType<?>> ALL", e);
        }
    }

    /** Every public static EventType constant a class declares (what ALL must list). */
    static List<EventType<?>> declaredConstants(Class<?> events) {
        List<EventType<?>> constants = new ArrayList<>();
        for (Field field : events.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == EventType.class) {
                try {
                    constants.add((EventType<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return constants;
    }

    /** The record's {@code static example()}. */
    static Object example(EventType<?> type) {
        try {
            return type.dataClass().getMethod("example").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.dataClass().getName() + " must declare public static example()", e);
        }
    }

    private static Path classesRoot() {
        try {
            return Path.of(EventType.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
