package io.sealcloud.accounts.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** REST Assured shortcuts for the accounts API with a bearer token. */
public final class Api {

    public static final String BASE = "/api/accounts/v1";

    private Api() {}

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).accept(ContentType.JSON);
    }

    public static ValidatableResponse me(String token) {
        return as(token).get(BASE + "/me").then();
    }

    public static ValidatableResponse list(String token) {
        return as(token).get(BASE + "/workspaces").then();
    }

    public static ValidatableResponse get(String token, String id) {
        return as(token).get(BASE + "/workspaces/{id}", id).then();
    }

    public static ValidatableResponse create(String token, String json) {
        return as(token)
                .contentType(ContentType.JSON)
                .body(json)
                .post(BASE + "/workspaces")
                .then();
    }

    public static ValidatableResponse create(String token, String json, String idempotencyKey) {
        return as(token)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body(json)
                .post(BASE + "/workspaces")
                .then();
    }
}
