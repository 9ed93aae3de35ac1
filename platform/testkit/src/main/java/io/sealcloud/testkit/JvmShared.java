package io.sealcloud.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls a static method on the copy of a class that the JVM's system class loader holds.
 *
 * <p>Why: {@code @QuarkusTest} loads test resources through a Quarkus class loader that is thrown away when the
 * application restarts (another test profile or resource set). A static field there would start a second broker per
 * restart. The system class loader lives as long as the JVM, so servers started through it are shared by every test
 * class and every restart. Only {@code java.*} values (strings, maps of strings) cross the boundary.
 */
public final class JvmShared {

    private JvmShared() {}

    /** Invokes {@code owner.method(args)} on the system class loader's copy of {@code owner} (or on it if absent). */
    public static Object call(Class<?> owner, String method, Object... args) {
        Class<?> shared = sharedCopy(owner);
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i].getClass();
        }
        // Kafka and log4j load plugins through the context class loader, and the threads a server starts inherit
        // it: it must be the loader that holds the server's classes, not the Quarkus application's.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(shared.getClassLoader());
        try {
            Method target = shared.getDeclaredMethod(method, types);
            target.setAccessible(true);
            return target.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call " + owner.getName() + "." + method, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Class<?> sharedCopy(Class<?> owner) {
        try {
            return Class.forName(owner.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // Not on the system class path (an unusual launcher): the caller's copy is the best we have.
            return owner;
        }
    }
}
