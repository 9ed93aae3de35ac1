package io.sealcloud.accounts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.sealcloud.accounts.domain.Membership;
import jakarta.enterprise.context.ApplicationScoped;

/** Memberships: who belongs to which workspace in which role. */
@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, Membership.Key> {}
