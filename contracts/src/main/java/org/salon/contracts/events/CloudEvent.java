package org.salon.contracts.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode: the Kafka record value is this object,
 * its key the conversation id (so that a conversation's events keep their order).
 *
 * @param <T> the event's data, one of the records in this package
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent<T>(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    /** Kafka header value naming the structured mode, as the CloudEvents Kafka binding asks. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
}
