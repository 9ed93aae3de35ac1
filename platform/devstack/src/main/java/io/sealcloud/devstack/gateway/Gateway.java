package io.sealcloud.devstack.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyResponse;
import java.util.concurrent.TimeUnit;

/**
 * The local platform's single entry point: a reverse proxy routing {@code /api/<service>/…} to that service,
 * answering RFC 9457 problems itself when no service serves a path (404) or the service is down (502).
 */
public final class Gateway implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final Vertx vertx;
    private final HttpServer server;

    private Gateway(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts a gateway on {@code host:port} ({@code port} 0: a free one) and waits until it listens. */
    public static Gateway start(String host, int port, Routes routes) {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                // Services may sit idle for long; a pooled connection they closed must not fail the next request.
                .setKeepAliveTimeout(30));
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
                .originSelector(request -> Future.succeededFuture(SocketAddress.inetSocketAddress(
                        routes.portFor(request.path()).orElseThrow(), "127.0.0.1")))
                .addInterceptor(new ForwardedHeaders())
                .addInterceptor(new OriginDown());
        try {
            HttpServer server = vertx.createHttpServer(
                            new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(request -> route(request, routes, proxy))
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new Gateway(vertx, server);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("Gateway could not listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    private static void route(HttpServerRequest request, Routes routes, HttpProxy proxy) {
        String path = request.path();
        if ("/healthz".equals(path)) {
            JsonObject body = new JsonObject().put("status", "UP");
            JsonObject services = new JsonObject();
            routes.ports().forEach((service, port) -> services.put("/api/" + service, "localhost:" + port));
            request.response()
                    .putHeader("content-type", "application/json")
                    .end(body.put("routes", services).toBuffer());
            return;
        }
        if (routes.portFor(path).isEmpty()) {
            request.response()
                    .setStatusCode(404)
                    .putHeader("content-type", Problems.CONTENT_TYPE)
                    .end(Problems.of(
                            404,
                            "Not Found",
                            "No service serves " + path + "; routed: "
                                    + routes.ports().keySet().stream()
                                            .map(s -> "/api/" + s + "/")
                                            .toList(),
                            path));
            return;
        }
        proxy.handle(request);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Gateway did not stop", e);
        }
    }

    /** Tells the service how the client reached it (Quarkus honours these with proxy-address-forwarding). */
    private static final class ForwardedHeaders implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest incoming = context.request().proxiedRequest();
            context.request().headers().set("X-Forwarded-Proto", incoming.scheme());
            String host = incoming.getHeader("Host");
            if (host != null) {
                context.request().headers().set("X-Forwarded-Host", host);
            }
            if (incoming.remoteAddress() != null) {
                context.request()
                        .headers()
                        .set("X-Forwarded-For", incoming.remoteAddress().host());
            }
            return context.sendRequest();
        }
    }

    /** A service that does not accept the connection is down: say so as a problem, not an empty 502. */
    private static final class OriginDown implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().recover(error -> {
                String path = context.request().proxiedRequest().path();
                String service = Routes.serviceOf(path).orElse("?");
                ProxyResponse response = context.request()
                        .release()
                        .response()
                        .setStatusCode(502)
                        .setStatusMessage("Bad Gateway")
                        .putHeader("content-type", Problems.CONTENT_TYPE)
                        .setBody(Body.body(Problems.of(
                                502,
                                "Bad Gateway",
                                "The " + service + " service is not reachable: " + error.getMessage()
                                        + ". Is it running? ./sealcloud status",
                                path)));
                return Future.succeededFuture(response);
            });
        }
    }
}
