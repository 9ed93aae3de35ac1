package io.sealcloud.clusters.it;

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

/** The clusters service's migrations give the runtime's tenancy projection the tables it writes. */
@QuarkusTest
@WithKafka
@WithPostgres(database = "clusters")
@WithKeycloak
@WithControlPlane(serviceAccount = "clusters", crds = "target/classes/META-INF/fabric8,src/test/resources/crds")
class TenancySchemaTest {

    @Inject
    TenancyProjection tenancy;

    @Test
    void theClustersTablesHaveEveryColumnTheSharedProjectionNeeds() throws Throwable {
        assertThat(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(tenancy::missingColumns)))
                .isEmpty();
    }
}
