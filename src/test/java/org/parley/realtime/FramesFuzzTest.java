package org.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.parley.http.ApiError;
import org.parley.http.Json;

/**
 * WebSocket frame decoding and its JSON binding (issue 11): any text a client sends is a frame or a clean 400
 * ApiError, never another exception, and the error frame that answers it is valid JSON. Runs over the kept
 * inputs with the unit tests; {@code -Pfuzz} fuzzes it (bench/fuzz.md).
 */
class FramesFuzzTest {
    private static final Map<Class<?>, String> TYPES = Map.of(Frames.Auth.class, "auth", Frames.Send.class, "send",
            Frames.Resume.class, "resume", Frames.Typing.class, "typing", Frames.Read.class, "read",
            Frames.Ping.class, "ping");

    @FuzzTest
    @DictionaryEntries({"{\"type\":", "\"auth\"", "\"send\"", "\"resume\"", "\"typing\"", "\"read\"", "\"ping\"",
            "\"token\"", "\"api_key\"", "\"conversation_id\"", "\"client_msg_id\"", "\"text\"", "\"private\"",
            "\"mentions\"", "\"cursors\"", "\"cursor\"", "\"seq\"", "true", "null", "9223372036854775808", "1e400", "[", "]"})
    void parse(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            Frames.ClientFrame frame = Frames.parse(text);
            assertThat(frame).isNotNull();
            assertThat(Json.tree(text).get("type").asText()).isEqualTo(TYPES.get(frame.getClass()));
        } catch (ApiError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(Json.tree(Frames.error(e, null)).path("type").asText()).isEqualTo("error");
        }
    }
}
