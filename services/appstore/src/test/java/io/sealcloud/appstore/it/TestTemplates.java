package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;

import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import java.nio.charset.StandardCharsets;

/**
 * A small app in the Sealos format with what the lifecycle tests need: a required input, a hidden-unless input, a
 * number, an input that switches on an object a workspace may not hold, a Deployment, a Service, a volume claim and a
 * Secret. Version 1.1.0 changes the image and adds a ConfigMap. Imported once by ops (re-imports are "unchanged").
 */
final class TestTemplates {

    static final String NAME = "lifecycle-demo";
    private static boolean imported;

    private TestTemplates() {}

    static synchronized void ensureImported() {
        if (imported) {
            return;
        }
        TestUser ops = KeycloakTestResource.realm().createUniqueUser("catalog-ops", "ops");
        for (String version : new String[] {"1.0.0", "1.1.0"}) {
            given().auth()
                    .oauth2(ops.token())
                    .contentType("application/yaml")
                    .body(template(version).getBytes(StandardCharsets.UTF_8))
                    .queryParam("version", version)
                    .post("/api/appstore/v1/templates/imports")
                    .then()
                    .statusCode(200);
        }
        imported = true;
    }

    /** Imports {@code yaml} as {@code version} of its template, as ops; an identical re-import is "unchanged". */
    static void importAsOps(String yaml, String version) {
        TestUser ops = KeycloakTestResource.realm().createUniqueUser("catalog-ops", "ops");
        given().auth()
                .oauth2(ops.token())
                .contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .queryParam("version", version)
                .post("/api/appstore/v1/templates/imports")
                .then()
                .statusCode(200);
    }

    /**
     * A minimal app named {@code name}: a ConfigMap plus {@code extraObjects} (YAML documents, each starting with
     * {@code ---}), named after the app's generated name ({@code ${{ defaults.app_name }}}).
     */
    static String minimal(String name, String extraObjects) {
        return """
                apiVersion: app.sealos.io/v1
                kind: Template
                metadata:
                  name: NAME
                spec:
                  title: 'NAME'
                  description: 'A test app for the kinds a cluster serves.'
                  templateType: inline
                  categories:
                    - tool
                  defaults:
                    app_name:
                      type: string
                      value: NAME-${{ random(6) }}
                  inputs:
                    greeting:
                      description: 'A value'
                      type: string
                      default: 'hi'
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ${{ defaults.app_name }}
                data:
                  greeting: ${{ inputs.greeting }}
                """.replace("NAME", name) + extraObjects;
    }

    static String image(String version) {
        return version.equals("1.0.0") ? "nginx:1.27" : "nginx:1.28";
    }

    /** The same app under another catalog name (for tests that change a version's status). */
    static String template(String name, String version) {
        return template(version).replace("name: lifecycle-demo", "name: " + name);
    }

    static String template(String version) {
        String configMap = version.equals("1.0.0") ? "" : """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ${{ defaults.app_name }}-settings
                data:
                  greeting: ${{ inputs.greeting }}
                """;
        return """
                apiVersion: app.sealos.io/v1
                kind: Template
                metadata:
                  name: lifecycle-demo
                spec:
                  title: 'Lifecycle demo'
                  description: 'A web app with a volume, for the lifecycle tests.'
                  templateType: inline
                  categories:
                    - tool
                  defaults:
                    app_name:
                      type: string
                      value: demo-${{ random(8) }}
                  inputs:
                    greeting:
                      description: 'Shown on the home page'
                      type: string
                      required: true
                    storage:
                      description: 'Volume size in Gi'
                      type: number
                      default: '1'
                    cpu:
                      description: 'CPU request'
                      type: string
                      default: '100m'
                    smtp_enabled:
                      description: 'Send mail'
                      type: boolean
                      default: 'false'
                    smtp_host:
                      description: 'Mail server'
                      type: string
                      if: inputs.smtp_enabled === 'true'
                    cluster_wide:
                      description: 'Ask for cluster-wide rights (a workspace may not)'
                      type: boolean
                      default: 'false'
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: ${{ defaults.app_name }}
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      app: ${{ defaults.app_name }}
                  template:
                    metadata:
                      labels:
                        app: ${{ defaults.app_name }}
                    spec:
                      containers:
                        - name: web
                          image: IMAGE
                          env:
                            - name: GREETING
                              value: ${{ inputs.greeting }}
                          resources:
                            requests:
                              cpu: ${{ inputs.cpu }}
                              memory: 64Mi
                          volumeMounts:
                            - name: data
                              mountPath: /data
                      volumes:
                        - name: data
                          persistentVolumeClaim:
                            claimName: ${{ defaults.app_name }}-data
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: ${{ defaults.app_name }}
                spec:
                  ports:
                    - port: 80
                  selector:
                    app: ${{ defaults.app_name }}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: ${{ defaults.app_name }}-data
                spec:
                  accessModes:
                    - ReadWriteOnce
                  resources:
                    requests:
                      storage: ${{ inputs.storage }}Gi
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: ${{ defaults.app_name }}-secret
                stringData:
                  password: ${{ random(16) }}
                ${{ if(inputs.cluster_wide === 'true') }}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: ${{ defaults.app_name }}-admin
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: ClusterRole
                  name: cluster-admin
                ${{ endif() }}
                """.replace("IMAGE", image(version)) + configMap;
    }
}
