package org.parley.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.parley.http.Json;

/**
 * Report figures as JSON objects that keep their nulls: a null figure means "no data" (docs/analytics.md), and
 * the API's mapper leaves null map values out.
 */
final class JsonRows {
    private JsonRows() {
    }

    static ObjectNode of(Map<String, ?> row) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        row.forEach((key, value) -> {
            if (value == null) {
                node.putNull(key);
            } else {
                node.set(key, Json.MAPPER.valueToTree(value));
            }
        });
        return node;
    }

    static JsonNode list(java.util.List<? extends Map<String, ?>> rows) {
        var array = Json.MAPPER.createArrayNode();
        rows.forEach(r -> array.add(of(r)));
        return array;
    }
}
