/** SigV4 verification of control API requests against the server's {@link dev.underpass.server.api.auth.AccessKeys}. */
package dev.underpass.server.api.auth;
