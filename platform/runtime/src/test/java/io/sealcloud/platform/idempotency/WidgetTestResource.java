package io.sealcloud.platform.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.sealcloud.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Test-only resource: creates widgets from a validated body, idempotently, the way a service resource uses
 * {@link Idempotency}. {@code delayMs} stretches the action so tests can overlap requests; {@code fail} makes it fail
 * after its insert.
 */
@Path("/test/web/widgets")
@Produces(MediaType.APPLICATION_JSON)
public class WidgetTestResource {

    /** The validated request body. */
    public record CreateWidget(
            @NotBlank @Size(max = 40) String name,
            @NotNull @Min(1) @Max(100) Integer size,
            List<@NotBlank String> tags,
            List<@Valid Part> parts) {}

    /** A nested element, to check pointers into arrays of objects. */
    public record Part(@NotBlank String label) {}

    /** The response body. */
    public record WidgetView(long id, String owner, String name, int size) {}

    private final Idempotency idempotency;
    private final SecurityIdentity identity;
    private final Vertx vertx;

    public WidgetTestResource(Idempotency idempotency, SecurityIdentity identity, Vertx vertx) {
        this.idempotency = idempotency;
        this.identity = identity;
        this.vertx = vertx;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(
            @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @QueryParam("delayMs") @DefaultValue("0") @Min(0) @Max(10_000) long delayMs,
            @QueryParam("fail") String fail,
            @Valid @NotNull CreateWidget body) {
        IdempotentRequest request = IdempotentRequest.of(identity, "POST", "/test/web/widgets", body);
        return idempotency.execute(
                idempotencyKey,
                request,
                () -> Executions.track(
                        request.principal(),
                        Panache.withTransaction(() -> {
                                    WebTestWidget widget = new WebTestWidget();
                                    widget.owner = request.principal();
                                    widget.name = body.name();
                                    widget.size = body.size();
                                    return widget.<WebTestWidget>persist();
                                })
                                .call(widget -> delay(delayMs))
                                .map(widget -> {
                                    if ("409".equals(fail)) {
                                        throw ProblemException.conflict("widget-name-taken", "test: fail after insert");
                                    }
                                    if ("500".equals(fail)) {
                                        throw new IllegalStateException("test: crash after insert");
                                    }
                                    if ("422-returned".equals(fail)) {
                                        return Response.status(422)
                                                .entity(new WidgetView(0, "", "returned", 0))
                                                .build();
                                    }
                                    return Response.created(URI.create("/test/web/widgets/" + widget.id))
                                            .entity(new WidgetView(widget.id, widget.owner, widget.name, widget.size))
                                            .build();
                                })));
    }

    /** How many executions of the action run at once, per caller: the most ever seen, for the lock tests. */
    static final class Executions {
        private static final java.util.concurrent.ConcurrentMap<String, int[]> BY_CALLER =
                new java.util.concurrent.ConcurrentHashMap<>();

        private Executions() {}

        static <T> Uni<T> track(String caller, Uni<T> action) {
            return action.onSubscription()
                    .invoke(() -> change(caller, 1))
                    .onTermination()
                    .invoke(() -> change(caller, -1));
        }

        /** The most executions of {@code caller}'s action that ran at the same time. */
        static int mostAtOnce(String caller) {
            int[] counts = BY_CALLER.get(caller);
            synchronized (Executions.class) {
                return counts == null ? 0 : counts[1];
            }
        }

        private static synchronized void change(String caller, int delta) {
            int[] counts = BY_CALLER.computeIfAbsent(caller, c -> new int[2]);
            counts[0] += delta;
            counts[1] = Math.max(counts[1], counts[0]);
        }
    }

    @GET
    @Path("/{id}")
    public Uni<WidgetView> get(@PathParam("id") @Min(1) long id) {
        return Panache.withSession(() -> WebTestWidget.<WebTestWidget>findById(id))
                .map(widget -> {
                    if (widget == null) {
                        throw ProblemException.notFound("widget", id);
                    }
                    return new WidgetView(widget.id, widget.owner, widget.name, widget.size);
                });
    }

    private Uni<Void> delay(long millis) {
        if (millis <= 0) {
            return Uni.createFrom().voidItem();
        }
        // A Vert.x timer, not a sleep: the event loop stays free and the transaction's context is kept.
        var context = Vertx.currentContext();
        return Uni.createFrom()
                .emitter(emitter -> vertx.setTimer(millis, id -> context.runOnContext(v -> emitter.complete(null))));
    }
}
