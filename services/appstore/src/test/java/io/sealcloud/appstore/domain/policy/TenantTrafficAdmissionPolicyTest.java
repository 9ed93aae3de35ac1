package io.sealcloud.appstore.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The ValidatingAdmissionPolicy shipped in deploy/base/admission enforces TrafficRules on what members write by hand:
 * its CEL is evaluated here with Google's CEL for Java (the language Kubernetes runs, with its strings extension),
 * variables first and then every validation, as the API server does.
 */
class TenantTrafficAdmissionPolicyTest {

    static final Path ADMISSION = Path.of("..", "..", "deploy", "base", "admission");
    static final String WORKSPACE = "acmeabcdef";
    static final String DOMAIN = "cloud.example.com";

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("namespaceObject", SimpleType.DYN)
            .addVar("params", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .build();

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(ADMISSION.resolve(file)));
    }

    /** The messages of the validations that fail (empty: admitted). */
    @SuppressWarnings("unchecked")
    static List<String> denials(String resource, Map<String, Object> object, String maxLoadBalancers) throws Exception {
        Map<String, Object> spec =
                (Map<String, Object>) yaml("tenant-traffic-policy.yaml").get("spec");
        Map<String, Object> activation = new LinkedHashMap<>();
        activation.put("object", object);
        activation.put(
                "namespaceObject",
                Map.of(
                        "metadata",
                        Map.of(
                                "name",
                                "ns-" + WORKSPACE,
                                "labels",
                                Map.of(
                                        "app.kubernetes.io/managed-by",
                                        "sealcloud-accounts",
                                        "sealcloud.io/workspace",
                                        WORKSPACE))));
        activation.put("params", Map.of("data", Map.of("cloudDomain", DOMAIN, "maxLoadBalancers", maxLoadBalancers)));
        activation.put("request", Map.of("resource", Map.of("resource", resource)));
        Map<String, Object> variables = new LinkedHashMap<>();
        activation.put("variables", variables);
        for (Map<String, Object> variable : (List<Map<String, Object>>) spec.get("variables")) {
            variables.put((String) variable.get("name"), eval((String) variable.get("expression"), activation));
        }
        List<String> denials = new ArrayList<>();
        for (Map<String, Object> validation : (List<Map<String, Object>>) spec.get("validations")) {
            if (!Boolean.TRUE.equals(eval((String) validation.get("expression"), activation))) {
                denials.add(
                        validation.containsKey("messageExpression")
                                ? String.valueOf(eval((String) validation.get("messageExpression"), activation))
                                : (String) validation.get("message"));
            }
        }
        return denials;
    }

    static Object eval(String expression, Map<String, Object> activation) throws Exception {
        return CEL.createProgram(CEL.compile(expression).getAst()).eval(activation);
    }

    static Map<String, Object> service(Map<String, Object> spec) {
        return Map.of("metadata", Map.of("name", "web"), "spec", spec);
    }

    static Map<String, Object> ingress(Map<String, String> labels, String... hosts) {
        List<Object> rules = new ArrayList<>();
        for (String host : hosts) {
            rules.add(Map.of("host", host, "http", Map.of("paths", List.of())));
        }
        return Map.of("metadata", Map.of("name", "web", "labels", labels), "spec", Map.of("rules", rules));
    }

    static String host(String label) {
        return label + "." + DOMAIN;
    }

    @Test
    void servicesWithExternalIpsExternalNamesOrUnallowedLoadBalancersAreDenied() throws Exception {
        assertThat(denials("services", service(Map.of("type", "ClusterIP")), "0"))
                .isEmpty();
        assertThat(denials("services", service(Map.of("type", "NodePort")), "0"))
                .isEmpty();
        assertThat(denials("services", service(Map.of("type", "ClusterIP", "externalIPs", List.of("10.96.0.10"))), "0"))
                .singleElement()
                .asString()
                .contains("CVE-2020-8554");
        assertThat(denials("services", service(Map.of("type", "ExternalName", "externalName", "kube-dns")), "0"))
                .singleElement()
                .asString()
                .contains("ExternalName");
        assertThat(denials("services", service(Map.of("type", "LoadBalancer")), "0"))
                .singleElement()
                .asString()
                .contains("LoadBalancer");
        assertThat(denials("services", service(Map.of("type", "LoadBalancer")), "1"))
                .isEmpty();
    }

    @Test
    void ingressHostsMustBeTheWorkspacesOwn() throws Exception {
        for (String own : List.of("web-" + WORKSPACE, "api-web-" + WORKSPACE)) {
            assertThat(denials("ingresses", ingress(Map.of(), host(own)), "0"))
                    .as(own)
                    .isEmpty();
        }
        assertThat(denials("ingresses", ingress(Map.of(), "www." + host("web-" + WORKSPACE)), "0"))
                .isEmpty();
        for (String foreign :
                List.of(host("shop-otherwsxyz"), host("console"), DOMAIN, "www.example.com", host(WORKSPACE))) {
            assertThat(denials("ingresses", ingress(Map.of(), foreign), "0"))
                    .as(foreign)
                    .singleElement()
                    .asString()
                    .contains("must end in -" + WORKSPACE + "." + DOMAIN)
                    .contains(foreign);
        }
    }

    @Test
    void ingressesThatAnswerForEveryHostOrForeignTlsHostsAreDenied() throws Exception {
        Map<String, Object> noHost =
                Map.of("metadata", Map.of("name", "all"), "spec", Map.of("rules", List.of(Map.of("http", Map.of()))));
        Map<String, Object> defaultBackend = Map.of(
                "metadata",
                Map.of("name", "all"),
                "spec",
                Map.of("defaultBackend", Map.of("service", Map.of("name", "web"))));
        Map<String, Object> foreignTls = Map.of(
                "metadata",
                Map.of("name", "tls"),
                "spec",
                Map.of(
                        "rules",
                        List.of(Map.of("host", host("web-" + WORKSPACE))),
                        "tls",
                        List.of(Map.of("hosts", List.of(host("console")), "secretName", "x"))));

        assertThat(denials("ingresses", noHost, "0")).singleElement().asString().contains("without a host");
        assertThat(denials("ingresses", defaultBackend, "0"))
                .singleElement()
                .asString()
                .contains("defaultBackend");
        assertThat(denials("ingresses", foreignTls, "0"))
                .singleElement()
                .asString()
                .contains("TLS");
    }

    @Test
    void anAppStoreIngressKeepsToItsAppsHost() throws Exception {
        Map<String, String> blog = Map.of("sealcloud.io/app-instance", "blog");

        assertThat(denials("ingresses", ingress(blog, host("blog-" + WORKSPACE)), "0"))
                .isEmpty();
        assertThat(denials("ingresses", ingress(blog, host("api-blog-" + WORKSPACE)), "0"))
                .isEmpty();
        assertThat(denials("ingresses", ingress(blog, host("wiki-" + WORKSPACE)), "0"))
                .singleElement()
                .asString()
                .contains("blog-" + WORKSPACE + "." + DOMAIN);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBindingSelectsTheNamespacesAccountsCreatesForWorkspacesAndFailsClosed() throws Exception {
        Map<String, Object> binding = yaml("tenant-traffic-binding.yaml");
        Map<String, Object> policy = yaml("tenant-traffic-policy.yaml");
        Map<String, Object> spec = (Map<String, Object>) binding.get("spec");

        assertThat(binding.get("apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat(policy.get("apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat(spec.get("validationActions")).isEqualTo(List.of("Deny"));
        assertThat((Map<String, Object>) spec.get("paramRef")).containsEntry("parameterNotFoundAction", "Deny");
        assertThat(((Map<String, Object>) policy.get("spec")).get("failurePolicy"))
                .isEqualTo("Fail");
        // accounts' DesiredNamespace labels: app.kubernetes.io/managed-by=sealcloud-accounts,
        // sealcloud.io/workspace=<id>
        assertThat((List<Map<String, Object>>) ((Map<String, Object>)
                                ((Map<String, Object>) spec.get("matchResources")).get("namespaceSelector"))
                        .get("matchExpressions"))
                .containsExactly(
                        Map.of(
                                "key",
                                "app.kubernetes.io/managed-by",
                                "operator",
                                "In",
                                "values",
                                List.of("sealcloud-accounts")),
                        Map.of("key", "sealcloud.io/workspace", "operator", "Exists"));
    }
}
