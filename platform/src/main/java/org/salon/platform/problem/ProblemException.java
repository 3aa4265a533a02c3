package org.salon.platform.problem;

import jakarta.ws.rs.core.Response;

/** Thrown by domain rules to refuse a request with a status and a reason a person can read. */
public class ProblemException extends RuntimeException {
    private final Response.Status status;

    public ProblemException(Response.Status status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public Response.Status status() {
        return status;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Response.Status.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Response.Status.CONFLICT, detail);
    }
}
