/** sealcloud. */
package io.sealcloud.devstack;
