package org.salon.media.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.salon.media.domain.JanusCluster;
import org.salon.media.domain.JanusNode;

import io.smallrye.common.annotation.Blocking;

/**
 * Administrators' view of the Janus cluster: list nodes, add one without a restart, drain one for maintenance,
 * take one out.
 * Not routed by the gateway; reached on media-gateway's own port.
 */
@Path("/nodes")
@Tag(name = "Janus nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class NodeResource {

    @Inject
    JanusCluster cluster;

    public record NodeView(String name, String url, JanusNode.State state, int load) {
        static NodeView of(JanusNode n) {
            return new NodeView(n.name(), n.url(), n.state(), n.load());
        }
    }

    public record AddNode(@NotNull String name, @NotNull String url) {
    }

    public record ChangeNode(@NotNull Boolean draining) {
    }

    @GET
    @Operation(summary = "The Janus nodes and their state")
    public List<NodeView> list() {
        return cluster.nodes().stream().map(NodeView::of).toList();
    }

    @POST
    @Operation(summary = "Add a Janus node without restarting media-gateway")
    public Response add(@Valid @NotNull AddNode request) {
        JanusNode node = cluster.add(request.name(), request.url());
        return Response.created(URI.create("/api/media/nodes/" + node.name())).entity(NodeView.of(node)).build();
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Take a node out of the cluster: its calls move to the others")
    public Response remove(@PathParam("name") String name) {
        cluster.remove(name);
        return Response.noContent().build();
    }

    @PATCH
    @Path("/{name}")
    @Operation(summary = "Drain a node (no new calls) or put it back into service")
    public NodeView change(@PathParam("name") String name, @Valid @NotNull ChangeNode request) {
        return NodeView.of(cluster.drain(name, request.draining()));
    }
}
