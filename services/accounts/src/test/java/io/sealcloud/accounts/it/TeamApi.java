package io.sealcloud.accounts.it;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** REST Assured shortcuts for the team, kubeconfig, audit and ops endpoints. */
final class TeamApi {

    static final String WS = Api.BASE + "/workspaces/{id}";

    private TeamApi() {}

    static RequestSpecification json(String token) {
        return Api.as(token).contentType(ContentType.JSON);
    }

    static ValidatableResponse createTeam(String token, String name) {
        return Api.create(token, "{\"name\":\"" + name + "\"}");
    }

    static ValidatableResponse members(String token, String id) {
        return Api.as(token).get(WS + "/members", id).then();
    }

    static ValidatableResponse invite(String token, String id, String body) {
        return json(token).body(body).post(WS + "/invitations", id).then();
    }

    static String inviteCode(String token, String id, String role) {
        return invite(token, id, "{\"role\":\"" + role + "\"}")
                .statusCode(201)
                .extract()
                .path("code");
    }

    static ValidatableResponse invitations(String token, String id) {
        return Api.as(token).get(WS + "/invitations", id).then();
    }

    static ValidatableResponse revoke(String token, String id, String invitationId) {
        return Api.as(token).delete(WS + "/invitations/{inv}", id, invitationId).then();
    }

    static ValidatableResponse accept(String token, String code) {
        return Api.as(token).post(Api.BASE + "/invitations/{code}/accept", code).then();
    }

    static ValidatableResponse decline(String token, String code) {
        return Api.as(token)
                .post(Api.BASE + "/invitations/{code}/decline", code)
                .then();
    }

    static ValidatableResponse changeRole(String token, String id, String userId, String role) {
        return json(token)
                .body("{\"role\":\"" + role + "\"}")
                .patch(WS + "/members/{user}", id, userId)
                .then();
    }

    static ValidatableResponse remove(String token, String id, String userId) {
        return Api.as(token).delete(WS + "/members/{user}", id, userId).then();
    }

    static ValidatableResponse leave(String token, String id) {
        return Api.as(token).post(WS + "/leave", id).then();
    }

    /** The owner offers the workspace to a member (202); nothing changes until they accept. */
    static ValidatableResponse transfer(String token, String id, String userId) {
        return json(token)
                .body("{\"userId\":\"" + userId + "\"}")
                .post(WS + "/transfer-ownership", id)
                .then();
    }

    static ValidatableResponse pendingTransfer(String token, String id) {
        return Api.as(token).get(WS + "/transfer-ownership", id).then();
    }

    static ValidatableResponse acceptTransfer(String token, String id) {
        return Api.as(token).post(WS + "/transfer-ownership/accept", id).then();
    }

    static ValidatableResponse declineTransfer(String token, String id) {
        return Api.as(token).post(WS + "/transfer-ownership/decline", id).then();
    }

    static ValidatableResponse cancelTransfer(String token, String id) {
        return Api.as(token).delete(WS + "/transfer-ownership", id).then();
    }

    /** Offer and acceptance: the whole consented transfer. */
    static void transferAndAccept(String ownerToken, String id, io.sealcloud.testkit.TestUser newOwner) {
        transfer(ownerToken, id, newOwner.id()).statusCode(202);
        acceptTransfer(newOwner.token(), id).statusCode(204);
    }

    static ValidatableResponse rename(String token, String id, String displayName) {
        return json(token)
                .body("{\"displayName\":\"" + displayName + "\"}")
                .patch(WS, id)
                .then();
    }

    static ValidatableResponse delete(String token, String id) {
        return Api.as(token).delete(WS, id).then();
    }

    static ValidatableResponse kubeconfig(String token, String id, String body) {
        return json(token).body(body).post(WS + "/kubeconfig", id).then();
    }

    static ValidatableResponse rotate(String token, String id) {
        return Api.as(token).post(WS + "/kubeconfig/rotate", id).then();
    }

    static ValidatableResponse audit(String token, String id) {
        return Api.as(token).get(WS + "/audit?size=100", id).then();
    }
}
