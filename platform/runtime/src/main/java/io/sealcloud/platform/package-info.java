/** sealcloud. */
package io.sealcloud.platform;
