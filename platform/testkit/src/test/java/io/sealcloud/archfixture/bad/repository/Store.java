package io.sealcloud.archfixture.bad.repository;

/** Fixture: a repository. */
public class Store {}
