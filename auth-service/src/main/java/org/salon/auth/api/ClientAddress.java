package org.salon.auth.api;

import io.vertx.core.http.HttpServerRequest;

/** The caller's IP as the gateway reports it (quarkus.http.proxy settings decide whom to trust). */
final class ClientAddress {
    static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private ClientAddress() {
    }
}
