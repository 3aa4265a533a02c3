package org.salon.media.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.salon.media.domain.JanusCluster;
import org.salon.media.domain.JanusNode;

/** Ready while at least one Janus node holds a live session and takes new calls; lists every node's state. */
@Readiness
@ApplicationScoped
public class JanusReadiness implements HealthCheck {

    @Inject
    JanusCluster cluster;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("Janus nodes");
        boolean anyOperational = false;
        for (JanusNode node : cluster.nodes()) {
            b.withData(node.name(), node.state().name().toLowerCase() + " " + node.url());
            anyOperational |= node.state() == JanusNode.State.OPERATIONAL;
        }
        return b.status(anyOperational).build();
    }
}
