package io.sealcloud.accounts.api;

/** How long the kubeconfig's token should live, in seconds (default and bounds: configuration; see the docs). */
public record KubeconfigRequest(Long ttlSeconds) {}
