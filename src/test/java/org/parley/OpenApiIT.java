package org.parley;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.http.Routes;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The hand-written OpenAPI description (src/main/resources/openapi.json), as served, against the
 * routes the server actually registers: every route described, nothing described that is not served.
 */
class OpenApiIT {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Javalin path parameters: {name} and &lt;name&gt; (the latter may contain slashes). */
    private static final Pattern JAVALIN_PARAM = Pattern.compile("\\{([^}/]+)}|<([^>/]+)>");
    private static final Pattern OPENAPI_PARAM = Pattern.compile("\\{([^}/]+)}");

    static TestServer server;
    static JsonNode document;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
        Http.Response response = server.http().get("/api/openapi.json");
        assertThat(response.status()).as("GET /api/openapi.json: %s", response.raw()).isEqualTo(200);
        assertThat(response.header("content-type")).as("content type").startsWith("application/json");
        assertThat(response.body()).as("GET /api/openapi.json is a JSON object: %s", response.raw()).isNotNull();
        document = response.body();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void isOpenApi31() {
        assertThat(document.path("openapi").asText()).as("the 'openapi' version field").matches("3\\.1\\.\\d+");
        assertThat(document.path("info").path("title").isTextual()).as("info.title").isTrue();
        assertThat(document.path("info").path("version").isTextual()).as("info.version").isTrue();
        assertThat(document.path("paths").isObject()).as("paths").isTrue();
    }

    @Test
    void everyRegisteredRouteIsDescribedAndEveryDescribedOperationIsRegistered() {
        Set<String> registered = new TreeSet<>();
        for (Routes.Route route : server.wiring().http.routes()) {
            registered.add(operationKey(route));
        }
        Set<String> described = new TreeSet<>(operations().keySet());

        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(described);
        Set<String> stale = new TreeSet<>(described);
        stale.removeAll(registered);

        assertThat(registered).as("the server registers routes").isNotEmpty();
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(missing).as("registered routes missing from openapi.json").isEmpty();
            softly.assertThat(stale).as("operations in openapi.json that the server does not register (stale)").isEmpty();
        });
    }

    @Test
    void webSocketEndpointsAndOnlyThemAreMarkedAsWebSockets() {
        Set<String> webSockets = new TreeSet<>();
        for (Routes.Route route : server.wiring().http.routes()) {
            if (route.method().equals("WS")) {
                webSockets.add(operationKey(route));
            }
        }
        List<String> wrong = new ArrayList<>();
        operations().forEach((key, operation) -> {
            boolean marked = operation.path("x-websocket").asBoolean(false);
            if (webSockets.contains(key) && !marked) {
                wrong.add(key + ": a WebSocket endpoint without x-websocket: true");
            }
            if (!webSockets.contains(key) && operation.has("x-websocket")) {
                wrong.add(key + ": not a WebSocket endpoint but carries x-websocket");
            }
            if (webSockets.contains(key) && !operation.path("description").asText().contains("docs/realtime.md")) {
                wrong.add(key + ": the description must point to docs/realtime.md");
            }
        });
        assertThat(webSockets).as("the server registers WebSocket endpoints").isNotEmpty();
        assertThat(wrong).as("x-websocket marking").isEmpty();
    }

    @Test
    void everyOperationHasAResponse() {
        List<String> without = new ArrayList<>();
        operations().forEach((key, operation) -> {
            JsonNode responses = operation.path("responses");
            if (!responses.isObject() || responses.isEmpty()) {
                without.add(key);
            }
        });
        assertThat(without).as("operations without any response").isEmpty();
    }

    @Test
    void everyRequestBodySchemaRefusesUnknownProperties() {
        List<String> open = new ArrayList<>();
        operations().forEach((key, operation) -> {
            if (!operation.has("requestBody")) {
                return;
            }
            JsonNode body = resolve(operation.get("requestBody"));
            JsonNode content = body.path("content");
            if (!content.isObject() || content.isEmpty()) {
                open.add(key + ": requestBody without content");
                return;
            }
            for (Map.Entry<String, JsonNode> media : content.properties()) {
                if (media.getKey().equals("application/octet-stream")) {
                    continue; // a file upload's raw bytes have no properties
                }
                JsonNode schema = resolve(media.getValue().path("schema"));
                if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
                    open.add(key + " (" + media.getKey() + "): schema does not set additionalProperties: false");
                }
            }
        });
        assertThat(open).as("request bodies that would accept unknown fields (the server refuses them with 400)").isEmpty();
    }

    @Test
    void everyPathTemplateParameterIsDeclared() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            Set<String> inTemplate = new TreeSet<>();
            Matcher matcher = OPENAPI_PARAM.matcher(path.getKey());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (!HTTP_METHODS.contains(entry.getKey())) {
                    continue;
                }
                Set<String> declared = new TreeSet<>();
                for (JsonNode list : List.of(path.getValue().path("parameters"), entry.getValue().path("parameters"))) {
                    for (JsonNode parameter : list) {
                        JsonNode p = resolve(parameter);
                        if (p.path("in").asText().equals("path")) {
                            declared.add(p.path("name").asText());
                            if (!p.path("required").asBoolean(false)) {
                                problems.add(entry.getKey().toUpperCase() + " " + path.getKey() + ": path parameter '"
                                        + p.path("name").asText() + "' must be required");
                            }
                        }
                    }
                }
                if (!declared.equals(inTemplate)) {
                    problems.add(entry.getKey().toUpperCase() + " " + path.getKey() + ": template has " + inTemplate
                            + " but path parameters declared are " + declared);
                }
            }
        }
        assertThat(problems).as("path parameters").isEmpty();
    }

    @Test
    void everyLocalReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        collectDanglingRefs(document, "#", dangling);
        assertThat(dangling).as("$ref values that point nowhere").isEmpty();
    }

    /** "METHOD /path" of every operation in the document. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (HTTP_METHODS.contains(entry.getKey())) {
                    operations.put(entry.getKey().toUpperCase() + " " + path.getKey(), entry.getValue());
                }
            }
        }
        return operations;
    }

    /** A registered route as an OpenAPI operation key: WebSockets are GET upgrades; Javalin params become {name}. */
    private static String operationKey(Routes.Route route) {
        String method = route.method().equals("WS") ? "GET" : route.method().toUpperCase();
        Matcher matcher = JAVALIN_PARAM.matcher(route.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            matcher.appendReplacement(path, Matcher.quoteReplacement("{" + name + "}"));
        }
        matcher.appendTail(path);
        return method + " " + path;
    }

    /** Follows local $refs (#/...) until a node without one. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref"); hops++) {
            assertThat(hops).as("$ref chain too long at %s", node).isLessThan(20);
            current = pointer(current.get("$ref").asText());
        }
        return current;
    }

    private static JsonNode pointer(String ref) {
        assertThat(ref).as("only local references are used").startsWith("#/");
        JsonNode target = document.at(ref.substring(1));
        assertThat(target.isMissingNode()).as("$ref %s resolves", ref).isFalse();
        return target;
    }

    private static void collectDanglingRefs(JsonNode node, String where, List<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String value = ref.asText();
                if (!value.startsWith("#/") || document.at(value.substring(1)).isMissingNode()) {
                    dangling.add(where + " -> " + value);
                }
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collectDanglingRefs(field.getValue(), where + "/" + field.getKey(), dangling);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDanglingRefs(node.get(i), where + "/" + i, dangling);
            }
        }
    }
}
