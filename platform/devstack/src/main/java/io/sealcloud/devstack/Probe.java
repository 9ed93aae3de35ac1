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
import java.time.Duration;

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

    /** Passes when this and {@code other} pass. */
    default Probe and(Probe other) {
        return () -> ready() && other.ready();
    }
}
