package org.salon.testkit;

import java.util.HashMap;
import java.util.Map;

/** Quarkus test resource: PostgreSQL and Kafka as {@link PostgresKafkaResource}, plus a real Janus node. */
public class JanusResource extends PostgresKafkaResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        Infrastructure infra = Infrastructure.shared();
        infra.start("janus");
        config.put("salon.media.nodes", "janus-1=" + infra.janusUrl());
        config.put("salon.media.api-secret", infra.secret("janus-api-secret"));
        return config;
    }
}
