package io.sealcloud.testkit;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

// Its database differs from the other QuarkusApp*Test's, so Quarkus boots a second application in this JVM.
@QuarkusTest
@WithKafka
@WithPostgres(database = "testkit_beta")
class QuarkusAppBTest {

    @Test
    void runsInsideAQuarkusClassLoader() {
        SharedInfrastructureSupport.assertAppRunsInAQuarkusClassLoader();
    }

    @Test
    void getsTheOneBrokerOfThisJvm() {
        SharedInfrastructureSupport.assertEveryApplicationGetsTheSameBroker();
    }

    @Test
    void getsItsOwnDatabaseOnTheOneServerOfThisJvm() throws Exception {
        SharedInfrastructureSupport.assertTheDatasourcePointsAtTheCreatedDatabase("testkit_beta");
    }
}
