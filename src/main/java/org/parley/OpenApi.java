package org.parley;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Serves the hand-written OpenAPI 3.1 description; OpenApiIT checks it against the registered routes.
 * The base document is {@code openapi.json}; each feature area adds its paths, tags and components in
 * its own fragment under {@code openapi/}, so the description grows beside the features without one
 * file everybody edits.
 */
final class OpenApi {
    static final List<String> FRAGMENTS = List.of("team", "inbox", "contacts", "search", "canned", "customer", "notify", "push", "reach",
            "instance", "operations", "bots", "reports", "ratings", "live", "privacy", "apps", "kb", "webhooks", "files");

    private final String document;

    OpenApi() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode base = (ObjectNode) read(mapper, "/openapi.json");
        for (String fragment : FRAGMENTS) {
            merge(base, read(mapper, "/openapi/" + fragment + ".json"), fragment);
        }
        try {
            document = mapper.writeValueAsString(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String document() {
        return document;
    }

    private static JsonNode read(ObjectMapper mapper, String resource) {
        try (InputStream in = OpenApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a fragment's paths, tags and components; a name defined twice is a mistake, refused at start. */
    private static void merge(ObjectNode base, JsonNode fragment, String name) {
        ObjectNode paths = (ObjectNode) base.get("paths");
        fragment.path("paths").properties().forEach(e -> {
            ObjectNode existing = (ObjectNode) paths.get(e.getKey());
            if (existing == null) {
                paths.set(e.getKey(), e.getValue());
                return;
            }
            e.getValue().properties().forEach(op -> {
                if (existing.has(op.getKey())) {
                    throw new IllegalStateException("openapi/" + name + ".json redefines " + op.getKey() + " " + e.getKey());
                }
                existing.set(op.getKey(), op.getValue());
            });
        });
        fragment.path("tags").forEach(tag -> ((ArrayNode) base.get("tags")).add(tag));
        fragment.path("components").properties().forEach(section -> {
            ObjectNode target = ((ObjectNode) base.get("components")).withObjectProperty(section.getKey());
            section.getValue().properties().forEach(c -> {
                if (target.has(c.getKey())) {
                    throw new IllegalStateException("openapi/" + name + ".json redefines component " + c.getKey());
                }
                target.set(c.getKey(), c.getValue());
            });
        });
    }
}
