package io.sealcloud.metering.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.sealcloud.platform.tenancy.TenancyProjection;
import io.sealcloud.testkit.WithControlPlane;
import io.sealcloud.testkit.WithKafka;
import io.sealcloud.testkit.WithKeycloak;
import io.sealcloud.testkit.WithPostgres;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Metering's migrations give the runtime's tenancy projection the tables it writes (docs/platform/tenancy.md). */
@QuarkusTest
@WithKafka
@WithPostgres(database = "metering")
@WithKeycloak
@WithControlPlane(serviceAccount = "metering")
class TenancySchemaTest {

    @Inject
    TenancyProjection tenancy;

    @Test
    void meteringsTablesHaveEveryColumnTheSharedProjectionNeeds() throws Throwable {
        assertThat(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(tenancy::missingColumns)))
                .isEmpty();
    }
}
