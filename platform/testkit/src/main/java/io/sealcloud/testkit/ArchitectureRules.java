package io.sealcloud.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture every service follows (docs/architecture.md, "How we do X here"), as ArchUnit rules on its
 * compiled production classes. Each service's {@code ArchitectureTest} calls {@link #violations} and asserts it is
 * empty; a wrong import then fails {@code ./mvnw verify} with the offending class and line.
 *
 * <ul>
 *   <li>layers in one direction: resources ({@code api}) → {@code service} → {@code repository}; reconcilers
 *       ({@code operator}) and consumers ({@code messaging}) → {@code service}; a {@code service} never imports
 *       {@code operator} or {@code api};
 *   <li>{@code domain} imports no other layer and no Hibernate, Vert.x, Kafka, JAX-RS or Kubernetes client type;
 *   <li>{@code operator.model} (pure desired state) imports no client, repository or service;
 *   <li>no service imports another service: only its own package, {@code io.sealcloud.platform} and
 *       {@code io.sealcloud.contracts}.
 * </ul>
 */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    /** The production classes of {@code basePackage} (e.g. {@code io.sealcloud.accounts}), tests excluded. */
    public static JavaClasses productionClasses(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** The rules for the service rooted at {@code basePackage}. */
    public static List<ArchRule> rules(String basePackage) {
        String base = basePackage + ".";
        String api = base + "api..";
        String service = base + "service..";
        String repository = base + "repository..";
        String domain = base + "domain..";
        String operator = base + "operator..";
        String model = base + "operator.model..";
        String messaging = base + "messaging..";
        return List.of(
                noClasses()
                        .that()
                        .resideInAPackage(service)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(operator, api, messaging)
                        .as("a service never imports operator, api or messaging (layers point one way)"),
                noClasses()
                        .that()
                        .resideInAPackage(repository)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(service, api, operator, messaging)
                        .as("a repository imports no layer above it"),
                noClasses()
                        .that()
                        .resideInAPackage(api)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(repository, operator, messaging)
                        .as("a resource talks to services only (no repository, operator or messaging types)"),
                noClasses()
                        .that()
                        .resideInAnyPackage(operator, messaging)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(api, repository)
                        .as("reconcilers and consumers call services, not resources or repositories"),
                noClasses()
                        .that()
                        .resideInAPackage(domain)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                api,
                                service,
                                repository,
                                operator,
                                messaging,
                                "org.hibernate..",
                                "io.vertx..",
                                "io.smallrye.mutiny.vertx..",
                                "org.apache.kafka..",
                                "io.smallrye.reactive.messaging..",
                                "jakarta.ws.rs..",
                                "org.jboss.resteasy..",
                                "io.fabric8.kubernetes.client..",
                                "io.netty..")
                        .as(
                                "domain is plain: no other layer, no Hibernate, Vert.x, Kafka, HTTP or Kubernetes client types"),
                noClasses()
                        .that()
                        .resideInAPackage(model)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                "io.fabric8.kubernetes.client..",
                                repository,
                                service,
                                api,
                                messaging,
                                "io.vertx..",
                                "org.hibernate..",
                                "jakarta.persistence..")
                        .as("operator.model builds desired state from values only (no client, repository or service)"),
                noClasses()
                        .that()
                        .resideInAPackage(basePackage + "..")
                        .should()
                        .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                                "belong to another sealcloud service",
                                c -> c.getPackageName().startsWith("io.sealcloud.")
                                        && !c.getPackageName().equals(basePackage)
                                        && !c.getPackageName().startsWith(base)
                                        && !c.getPackageName().startsWith("io.sealcloud.platform")
                                        && !c.getPackageName().startsWith("io.sealcloud.contracts")))
                        .as("a service imports no other service (only platform and contracts)"));
    }

    /**
     * Every violation of {@link #rules} in the production classes of {@code basePackage}, one line each (empty when
     * the service follows them).
     */
    public static List<String> violations(String basePackage) {
        return violations(productionClasses(basePackage), basePackage);
    }

    /** Every violation of {@link #rules} for {@code basePackage} among {@code classes}. */
    public static List<String> violations(JavaClasses classes, String basePackage) {
        if (classes.isEmpty()) {
            throw new IllegalStateException("No classes of " + basePackage + " found: wrong package?");
        }
        List<String> out = new ArrayList<>();
        for (ArchRule rule : rules(basePackage)) {
            EvaluationResult result = rule.allowEmptyShould(true).evaluate(classes);
            if (result.hasViolation()) {
                result.getFailureReport()
                        .getDetails()
                        .forEach(detail -> out.add(rule.getDescription() + ": " + detail));
            }
        }
        return out;
    }
}
