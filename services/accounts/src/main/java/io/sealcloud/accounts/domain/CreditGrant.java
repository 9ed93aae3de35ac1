package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Expiring credit from one gift entry: what is left of it, and until when. */
@Entity
@Table(name = "credit_grants")
public class CreditGrant {

    @Id
    @Column(name = "entry_id")
    public String entryId;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(name = "amount_micros", nullable = false)
    public long amountMicros;

    @Column(name = "remaining_micros", nullable = false)
    public long remainingMicros;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "expired_entry_id")
    public String expiredEntryId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
