package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user's account: the materialized balance of their ledger and where it stands on the debt ladder. */
@Entity
@Table(name = "accounts")
public class Account {

    /** The user's id (OIDC subject). */
    @Id
    public String id;

    @Column(name = "balance_micros", nullable = false)
    public long balanceMicros;

    /** The expiring-credit part of the balance (see {@link Credits}). */
    @Column(name = "credit_micros", nullable = false)
    public long creditMicros;

    @Column(name = "entry_count", nullable = false)
    public long entryCount;

    @Column(name = "debt_state", nullable = false)
    public String debtState;

    @Column(name = "debt_state_since", nullable = false)
    public Instant debtStateSince;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public DebtState state() {
        return DebtState.fromWire(debtState);
    }
}
