package io.sealcloud.testkit;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

// Its database differs from the other QuarkusApp*Test classes, so Quarkus boots a second application in this JVM.
@QuarkusTest
@WithKafka
@WithPostgres(database = "testkit_alpha")
class QuarkusAppATest {

    @Inject
    AppInstance app;

    @Test
    void runsInsideAQuarkusClassLoader() {
        SharedInfrastructureSupport.assertAppRunsInAQuarkusClassLoader();
    }

    @Test
    void bootsOnceForEveryClassWithTheSameResources() {
        SharedInfrastructureSupport.assertOneBootPerResourceGroup("testkit_alpha", app);
    }

    @Test
    void getsTheOneBrokerOfThisJvm() {
        SharedInfrastructureSupport.assertEveryApplicationGetsTheSameBroker();
    }

    @Test
    void getsItsOwnDatabaseOnTheOneServerOfThisJvm() throws Exception {
        SharedInfrastructureSupport.assertTheDatasourcePointsAtTheCreatedDatabase("testkit_alpha");
    }
}
