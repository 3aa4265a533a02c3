package org.salon.resilience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The operations a service's OpenAPI document declares: what the fuzzer covers, each one, and nothing else. */
final class OpenApi {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    /** One parameter: in path or query; type is the schema's type, or "uuid". */
    record Param(String name, String in, String type) {
    }

    /** A JSON or form body: its properties (name to type) and which are required. */
    record Body(String mediaType, Map<String, String> properties, List<String> required) {
    }

    record Operation(String service, String method, String path, List<Param> params, Body body) {
        /** As the fuzzer's baselines and reports name it, e.g. "POST /api/chat/conversations/{conversation}/messages". */
        String key() {
            return method + " " + path;
        }

        boolean writes() {
            return !method.equals("GET");
        }
    }

    static List<Operation> operations(String service, JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            List<Param> params = new ArrayList<>();
            op.getValue().path("parameters").forEach(p -> params.add(new Param(p.path("name").asText(), p.path("in").asText(),
                    type(document, p.path("schema")))));
            Body body = null;
            var content = op.getValue().path("requestBody").path("content").fields();
            if (content.hasNext()) {
                var media = content.next();
                JsonNode schema = resolve(document, media.getValue().path("schema"));
                Map<String, String> properties = new LinkedHashMap<>();
                schema.path("properties").fields().forEachRemaining(p -> properties.put(p.getKey(), type(document, p.getValue())));
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                body = new Body(media.getKey(), properties, required);
            }
            operations.add(new Operation(service, op.getKey().toUpperCase(), path.getKey(), params, body));
        }));
        return operations;
    }

    private static String type(JsonNode document, JsonNode schema) {
        JsonNode s = resolve(document, schema);
        return "uuid".equals(s.path("format").asText()) ? "uuid" : s.path("type").asText("object");
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema : document.at(ref.substring(1));
    }

    private OpenApi() {
    }
}
