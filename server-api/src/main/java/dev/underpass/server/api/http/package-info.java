/**
 * The control API over HTTP: {@link dev.underpass.server.api.http.ControlApiHandler} authenticates each request and
 * serves it as AWS JSON 1.1 ({@code POST /} with {@code X-Amz-Target}) or through a REST route, off the event loop.
 */
package dev.underpass.server.api.http;
