package org.salon.platform.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail, the body of every error answer of Salon's HTTP APIs. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    /** One invalid field of a request. */
    public record Violation(String field, String message) {
    }

    public static Response response(Response.StatusType status, String detail) {
        return response(status, detail, List.of());
    }

    public static Response response(Response.StatusType status, String detail, List<Violation> violations) {
        return Response.status(status.getStatusCode()).type(MEDIA)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null, violations))
                .build();
    }
}
