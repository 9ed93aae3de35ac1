/** sealcloud clusters: tenant Kubernetes clusters in a workspace, driven through existing cluster engines. */
package io.sealcloud.clusters;
