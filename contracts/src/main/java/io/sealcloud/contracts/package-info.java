/** sealcloud. */
package io.sealcloud.contracts;
