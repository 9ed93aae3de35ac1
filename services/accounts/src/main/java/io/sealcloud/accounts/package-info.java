/** sealcloud. */
package io.sealcloud.accounts;
