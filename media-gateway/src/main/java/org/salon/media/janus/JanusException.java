package org.salon.media.janus;

/** Janus answered with an error, or did not answer. */
public class JanusException extends RuntimeException {
    private final int code;

    public JanusException(int code, String reason) {
        super(reason);
        this.code = code;
    }

    /** Janus's error code (see janus/apierror.h), 0 when Janus did not answer. */
    public int code() {
        return code;
    }
}
