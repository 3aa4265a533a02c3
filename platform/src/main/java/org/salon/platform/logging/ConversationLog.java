package org.salon.platform.logging;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** One log line per event, carrying the conversation id in the MDC so every service's lines can be joined. */
public final class ConversationLog {
    private final Logger logger;

    private ConversationLog(Class<?> owner) {
        this.logger = Logger.getLogger(owner);
    }

    public static ConversationLog of(Class<?> owner) {
        return new ConversationLog(owner);
    }

    public void info(Object conversationId, String format, Object... args) {
        log(Logger.Level.INFO, conversationId, format, args);
    }

    public void warn(Object conversationId, String format, Object... args) {
        log(Logger.Level.WARN, conversationId, format, args);
    }

    private void log(Logger.Level level, Object conversationId, String format, Object... args) {
        Object previous = MDC.get("conversation");
        String id = String.valueOf(conversationId);
        MDC.put("conversation", id);
        try {
            // on a Vert.x root context (a client socket's callbacks) the MDC does not hold: say it in the line then
            logger.logf(level, id.equals(MDC.get("conversation")) ? format : "conversation " + id + ": " + format, args);
        } finally {
            if (previous == null) {
                MDC.remove("conversation");
            } else {
                MDC.put("conversation", previous);
            }
        }
    }
}
