package org.salon.contracts.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class ContractsTest {

    @Test
    void topicsTableAsyncApiAndConstantsNameTheSameTopics() throws IOException {
        Set<String> constants = Arrays.stream(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()))
                .map(ContractsTest::value).collect(Collectors.toCollection(TreeSet::new));
        Set<String> table;
        try (InputStream in = resource("salon/topics.tsv")) {
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t")[0]).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> documented = new TreeSet<>();
        try (InputStream in = resource("salon/asyncapi.yaml")) {
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(in);
            doc.get("channels").forEach(c -> documented.add(c.get("address").asText()));
        }
        assertEquals(constants, table);
        assertEquals(constants, documented);
    }

    @Test
    void everyEventTypeIsDocumentedOnItsChannel() throws IOException {
        JsonNode doc;
        try (InputStream in = resource("salon/asyncapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        doc.get("channels").forEach(channel -> channel.path("messages").forEach(ref -> {
            String name = ref.get("$ref").asText().replace("#/components/messages/", "");
            documented.add(doc.at("/components/messages/" + name + "/name").asText());
        }));
        Set<String> types = new TreeSet<>();
        for (Class<?> events : java.util.List.of(ConversationEvents.class, ChatEvents.class, CallEvents.class, UserEvents.class,
                MediaEvents.class)) {
            Arrays.stream(events.getFields()).filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                    && !f.getName().endsWith("SOURCE"))
                    .map(ContractsTest::value).forEach(types::add);
        }
        assertEquals(types, documented);
    }

    @Test
    void envelopeSerialisesAsStructuredCloudEvent() throws IOException {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Instant at = Instant.parse("2026-12-04T21:00:00Z");
        var event = new CloudEvent<>(CloudEvent.SPEC_VERSION, "e1", ConversationEvents.SOURCE, ConversationEvents.CREATED,
                "c1", at, CloudEvent.JSON, new ConversationEvents.Created("c1", "Weekly sync", "group", "alice", at,
                        new ConversationEvents.Settings("", false, "everyone", java.util.List.of("chat"))));
        JsonNode tree = json.readTree(json.writeValueAsString(event));
        assertEquals("1.0", tree.get("specversion").asText());
        assertEquals("2026-12-04T21:00:00Z", tree.get("time").asText());
        assertEquals("Weekly sync", tree.at("/data/name").asText());
        var back = json.readValue(json.writeValueAsString(event), CloudEvent.class);
        assertEquals("e1", back.id());
    }

    private static InputStream resource(String name) {
        InputStream in = ContractsTest.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, name);
        return in;
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
