/**
 * The simulated Kubernetes API server of the local platform: the fabric8 mock server in CRUD mode plus the
 * discovery endpoints kubectl needs, persistent across restarts.
 */
package io.sealcloud.devstack.kube;
