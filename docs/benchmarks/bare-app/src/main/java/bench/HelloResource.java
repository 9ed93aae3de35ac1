package bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;

/** The one endpoint of the baseline app: a JSON answer, like the services' smallest endpoints. */
@Path("/hello")
public class HelloResource {

    @GET
    public Map<String, String> hello() {
        return Map.of("hello", "world");
    }
}
