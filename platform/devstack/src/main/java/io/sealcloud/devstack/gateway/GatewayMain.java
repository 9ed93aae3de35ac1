package io.sealcloud.devstack.gateway;

import java.util.concurrent.CountDownLatch;

/** Runs the gateway as its own process: {@code --port P --routes accounts=8081,metering=8082 [--host H]}. */
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 8080;
        String routes = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--routes" -> routes = args[i + 1];
                default ->
                    throw new IllegalArgumentException("Unknown option " + args[i]
                            + ". Usage: GatewayMain --port P --routes a=8081,b=8082 [--host H]");
            }
        }
        Routes table = Routes.parse(routes);
        Gateway gateway = Gateway.start(host, port, table);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            gateway.close();
                            stopped.countDown();
                        },
                        "gateway-shutdown"));
        System.out.println("GATEWAY READY http://" + host + ":" + gateway.port() + " routes " + table.ports());
        System.out.flush();
        stopped.await();
    }
}
