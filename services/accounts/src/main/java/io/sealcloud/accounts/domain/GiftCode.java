package io.sealcloud.accounts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A code ops issued that users redeem into credit (single or multi-use, per-user limit, optional expiries). */
@Entity
@Table(name = "gift_codes")
public class GiftCode {

    @Id
    public String code;

    @Column(name = "amount_micros", nullable = false)
    public long amountMicros;

    @Column(name = "max_uses", nullable = false)
    public int maxUses;

    @Column(nullable = false)
    public int uses;

    @Column(name = "per_user_limit", nullable = false)
    public int perUserLimit;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "credit_valid_seconds")
    public Long creditValidSeconds;

    public String description;

    @Column(nullable = false)
    public boolean disabled;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
