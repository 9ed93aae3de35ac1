package io.sealcloud.appstore.service;

/** What importing one file did: {@code created}, or {@code unchanged} when the same version with the same content exists. */
public record ImportOutcome(String file, String template, String version, String status, String outcome) {}
