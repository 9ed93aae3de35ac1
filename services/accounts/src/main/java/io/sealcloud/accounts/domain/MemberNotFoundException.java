package io.sealcloud.accounts.domain;

/** No such member in a workspace the caller can see (404). */
public class MemberNotFoundException extends RuntimeException {

    public MemberNotFoundException(String workspaceId, String userId) {
        super("User '" + userId + "' is not a member of workspace '" + workspaceId + "'.", null, false, false);
    }
}
