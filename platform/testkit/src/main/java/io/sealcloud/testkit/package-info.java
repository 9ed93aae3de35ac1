/** sealcloud. */
package io.sealcloud.testkit;
