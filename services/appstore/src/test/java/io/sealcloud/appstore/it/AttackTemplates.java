package io.sealcloud.appstore.it;

import static io.restassured.RestAssured.given;

import io.sealcloud.testkit.KeycloakTestResource;
import io.sealcloud.testkit.TestUser;
import java.nio.charset.StandardCharsets;

/**
 * A template whose inputs switch on what a hostile installer would try (issue 13): a Role granting Secret or Endpoints
 * writes, a Service with externalIPs, an Ingress host of their choosing, an expression that multiplies an input by
 * itself. With its defaults it is harmless, so ops can publish it. Imported once.
 */
final class AttackTemplates {

    static final String NAME = "attack-demo";
    private static boolean imported;

    private AttackTemplates() {}

    static synchronized void ensureImported() {
        if (imported) {
            return;
        }
        TestUser ops = KeycloakTestResource.realm().createUniqueUser("attack-ops", "ops");
        given().auth()
                .oauth2(ops.token())
                .contentType("application/yaml")
                .body(TEMPLATE.getBytes(StandardCharsets.UTF_8))
                .queryParam("version", "1.0.0")
                .post("/api/appstore/v1/templates/imports")
                .then()
                .statusCode(200);
        imported = true;
    }

    static final String TEMPLATE = """
            apiVersion: app.sealos.io/v1
            kind: Template
            metadata:
              name: attack-demo
            spec:
              title: 'Attack demo'
              description: 'A web app whose inputs try what a hostile tenant would.'
              templateType: inline
              categories:
                - tool
              defaults:
                app_name:
                  type: string
                  value: attack-${{ random(8) }}
                app_host:
                  type: string
                  value: ${{ random(8) }}
              inputs:
                host:
                  description: 'Ingress host label (empty: the app''s own)'
                  type: string
                  default: ''
                secret_role:
                  description: 'Give the app''s ServiceAccount Secret write'
                  type: boolean
                  default: 'false'
                endpoints_role:
                  description: 'Give the app''s ServiceAccount Endpoints write'
                  type: boolean
                  default: 'false'
                external_ip:
                  description: 'Service externalIPs'
                  type: string
                  default: ''
                motto:
                  description: 'Repeated by itself'
                  type: string
                  default: 'x'
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: ${{ defaults.app_name }}
            ---
            ${{ if(inputs.secret_role === 'true') }}
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: ${{ defaults.app_name }}-secrets
            rules:
              - apiGroups: ['']
                resources: ['secrets']
                verbs: ['get', 'list', 'create', 'update']
            ---
            ${{ endif() }}
            ${{ if(inputs.endpoints_role === 'true') }}
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: ${{ defaults.app_name }}-routes
            rules:
              - apiGroups: ['']
                resources: ['endpoints']
                verbs: ['get', 'create', 'update']
            ---
            ${{ endif() }}
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${{ defaults.app_name }}
            data:
              echo: ${{ inputs.motto.replace('', inputs.motto) }}
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
              ${{ if(inputs.external_ip !== '') }}
              externalIPs:
                - ${{ inputs.external_ip }}
              ${{ endif() }}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: ${{ defaults.app_name }}
            spec:
              rules:
                - host: ${{ inputs.host || defaults.app_host }}.${{ SEALOS_CLOUD_DOMAIN }}
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: ${{ defaults.app_name }}
                            port:
                              number: 80
            """;
}
