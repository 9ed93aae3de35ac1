package io.sealcloud.testkit;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

// Same resources as QuarkusAppBTest: the two share one application boot.
@QuarkusTest
@WithKubernetes
@WithKafka
@WithPostgres(database = "testkit_beta")
class QuarkusAppCTest {

    @Inject
    AppInstance app;

    @KubernetesTestServer
    KubernetesServer kubernetes;

    @Test
    void runsInsideAQuarkusClassLoader() {
        SharedInfrastructureSupport.assertAppRunsInAQuarkusClassLoader();
    }

    @Test
    void bootsOnceForEveryClassWithTheSameResources() {
        SharedInfrastructureSupport.assertOneBootPerResourceGroup("testkit_beta", app);
    }

    @Test
    void getsTheOneBrokerOfThisJvm() {
        SharedInfrastructureSupport.assertEveryApplicationGetsTheSameBroker();
    }

    @Test
    void getsItsOwnDatabaseOnTheOneServerOfThisJvm() throws Exception {
        SharedInfrastructureSupport.assertTheDatasourcePointsAtTheCreatedDatabase("testkit_beta");
    }

    @Test
    void getsTheMockApiServerSharedByItsBoot() {
        SharedInfrastructureSupport.assertTheMockApiServerIsSharedByTheBoot(kubernetes, "quarkus-app-c", app);
    }
}
