/** The local platform's gateway: one URL that routes {@code /api/<service>/…} to each service. */
package io.sealcloud.devstack.gateway;
