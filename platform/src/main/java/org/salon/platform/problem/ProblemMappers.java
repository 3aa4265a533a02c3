package org.salon.platform.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.hibernate.JDBCException;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure of a REST call into {@code application/problem+json}; no stack trace ever leaves. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return Problem.response(e.status(), e.getMessage());
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, "A valid bearer token is required"))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(Response.Status.FORBIDDEN, "This token does not allow that");
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.Violation::field))
                .toList();
        return Problem.response(Response.Status.BAD_REQUEST, "The request is not valid", violations);
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return Problem.response(Response.Status.BAD_REQUEST, jsonReason(e));
    }

    /** Replaces quarkus-rest-jackson's own mapper for this subtype, which answers without a body. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        String detail = status.getStatusCode() == 404 ? "No such resource" : e.getMessage();
        return Problem.response(status, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // PostgreSQL's data exceptions (class 22) are values no column can take, such as text with U+0000
            String state = sqlState(cause);
            if (state != null && state.startsWith("22")) {
                return Problem.response(Response.Status.BAD_REQUEST, "22021".equals(state) || "22P05".equals(state)
                        ? "Text may not contain the NUL character (U+0000)" : "A value in the request is out of range or malformed");
            }
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException) {
                LOG.warnf("request failed, the database is unreachable: %s", cause.toString());
                return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                        "The database is unavailable; try again shortly")).header("Retry-After", "2").build();
            }
        }
        LOG.errorf(e, "request failed: %s", e.toString());
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged");
    }

    /** The SQLSTATE of a PostgreSQL error, as the client reports it or as Hibernate wraps it. */
    private static String sqlState(Throwable e) {
        if (e instanceof PgException pg) {
            return pg.getSqlState();
        }
        return e instanceof JDBCException jdbc ? jdbc.getSQLState() : e instanceof SQLException sql ? sql.getSQLState() : null;
    }

    /** Names the offending field without echoing the whole input back. */
    static String jsonReason(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "Unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return "Field '" + path(f) + "' has the wrong type or format";
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return "Field '" + path(m) + "' has the wrong type";
        }
        return "The body is not valid JSON";
    }

    private static String path(MismatchedInputException e) {
        StringBuilder b = new StringBuilder();
        e.getPath().forEach(r -> {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else {
                b.append('[').append(r.getIndex()).append(']');
            }
        });
        return b.toString();
    }

    /** "create.request.name" -> "name": the client knows its fields, not our method names. */
    private static String field(String path) {
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }
}
