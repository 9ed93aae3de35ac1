package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** One booked entry of an account's ledger; written once (by SQL that dedupes), never changed. */
@Entity
@Immutable
@Table(name = "ledger_entries")
public class LedgerEntry {

    @Id
    public String id;

    @Column(name = "account_id")
    public String accountId;

    public long seq;

    public String type;

    @Column(name = "amount_micros")
    public long amountMicros;

    @Column(name = "balance_after_micros")
    public long balanceAfterMicros;

    @Column(name = "credit_used_micros")
    public long creditUsedMicros;

    @Column(name = "charge_id")
    public String chargeId;

    @Column(name = "payment_id")
    public String paymentId;

    @Column(name = "workspace_id")
    public String workspaceId;

    public String description;

    public String actor;

    @Column(name = "created_at")
    public Instant createdAt;
}
