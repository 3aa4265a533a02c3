package org.salon.platform.security;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.salon.platform.problem.Problem;

/** A locked key answers 429 with the seconds to wait. */
public class ThrottleMapper {

    @ServerExceptionMapper
    public Response locked(Throttle.Locked e) {
        Response problem = Problem.response(Response.Status.TOO_MANY_REQUESTS, e.getMessage());
        return Response.fromResponse(problem).header("Retry-After", e.retryAfterSeconds()).build();
    }
}
