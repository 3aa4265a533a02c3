package org.salon.platform.security;

import io.vertx.core.http.HttpServerRequest;

/** The caller's IP as the gateway reports it (quarkus.http.proxy settings decide whom to trust); throttling keys on it. */
public final class ClientAddress {
    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private ClientAddress() {
    }
}
