/** sealcloud app store: catalog, rendering of Sealos templates, installs. */
package io.sealcloud.appstore;
