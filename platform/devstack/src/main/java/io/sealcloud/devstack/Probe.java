package io.sealcloud.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** A readiness check the launcher polls until it passes. */
@FunctionalInterface
public interface Probe {

    /** True once the component serves; false (or an exception) while it does not yet. */
    boolean ready() throws Exception;

    /** Passes when a GET of {@code url} answers 200. */
    static Probe http(String url) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        return () ->
                client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** Passes when something accepts TCP connections on {@code localhost:port}. */
    static Probe tcp(int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Passes once {@code log} contains {@code marker} (a component that announces its readiness on stdout). */
    static Probe logLine(Path log, String marker) {
        return () -> Files.isRegularFile(log)
                && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(marker);
    }

    /**
     * Passes once PostgreSQL on {@code localhost:port} has a database for each name, creating missing ones: a
     * service added since the server started still finds its database.
     */
    static Probe databases(int port, String user, String password, List<String> names) {
        return () -> {
            try (Connection connection =
                    DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", user, password)) {
                for (String name : names) {
                    try (PreparedStatement exists =
                            connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                        exists.setString(1, name);
                        try (ResultSet rows = exists.executeQuery()) {
                            if (rows.next()) {
                                continue;
                            }
                        }
                    }
                    try (Statement create = connection.createStatement()) {
                        // Names are service directory names, checked against [a-z][a-z0-9_]* by ServiceModule.
                        create.execute("CREATE DATABASE " + name);
                    }
                }
                return true;
            } catch (SQLException e) {
                return false;
            }
        };
    }

    /** Passes when this and {@code other} pass. */
    default Probe and(Probe other) {
        return () -> ready() && other.ready();
    }
}
