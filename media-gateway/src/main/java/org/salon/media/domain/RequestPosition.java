package org.salon.media.domain;

/** Where a request was read on salon.media: its partition and offset. */
public record RequestPosition(int partition, long offset) {
}
