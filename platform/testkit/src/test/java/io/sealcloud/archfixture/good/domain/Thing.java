package io.sealcloud.archfixture.good.domain;

/** Fixture: a plain domain value. */
public record Thing(String name) {}
