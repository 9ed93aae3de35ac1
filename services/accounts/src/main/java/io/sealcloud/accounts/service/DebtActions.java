package io.sealcloud.accounts.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * What the debt ladder asks of the owner's workspaces, in the ledger's transaction: suspend on entering debt, lift when
 * a credit takes the balance above zero. The Kubernetes side (scaling workloads) is the controller's job.
 */
@ApplicationScoped
public class DebtActions {

    /** The suspension reason the ladder uses. */
    public static final String REASON = "debt";

    private static final Logger LOG = Logger.getLogger(DebtActions.class);

    public Uni<Void> suspend(String userId) {
        LOG.infof("Account %s is in debt: suspending the workspaces it owns", userId);
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> lift(String userId) {
        LOG.infof("Account %s is out of debt: lifting the debt suspension of the workspaces it owns", userId);
        return Uni.createFrom().voidItem();
    }
}
