package org.salon.platform.problem;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


/**
 * Answers what no endpoint handles (unknown paths, bodies over the size limit) with problem+json
 * instead of Vert.x's plain-text pages.
 */
@jakarta.inject.Singleton
public class UnmatchedRoutes {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBody;

    void install(@Observes Router router) {
        // refuse an announced oversized body before reading it, with a problem rather than Vert.x's bare 413
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBody.asLongValue()) {
                answer(ctx, 413, "Content Too Large", "The request body is larger than the " + maxBody.asLongValue()
                        + " bytes this service accepts");
            } else {
                ctx.next();
            }
        });
        // a failure before a resource runs (a form field over the size limit): a problem, not Quarkus' plain-text 500
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.failure() instanceof WebApplicationException e && e.getResponse().getStatus() < 500) {
                Response.StatusType status = e.getResponse().getStatusInfo();
                answer(ctx, status.getStatusCode(), status.getReasonPhrase(), status.getStatusCode() == 413
                        ? "A form field or the body is larger than this service accepts" : e.getMessage());
            } else {
                ctx.next();
            }
        });
        router.route().last().handler(ctx -> answer(ctx, 404, "Not Found", "No resource at " + ctx.normalizedPath()));
    }

    private void answer(RoutingContext ctx, int status, String title, String detail) {
        if (ctx.response().headWritten()) {
            return;
        }
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body.encode());
    }
}
