package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.parley.contact.ContactService;
import org.parley.http.ApiError;
import org.parley.http.Json;

/**
 * REST JSON binding (issue 11) through the strict mapper, on the widget's bodies (the API a site's visitors
 * reach without an account): any body binds or is a 400 ApiError, never another exception; a bound contact
 * change is valid or a 400; whatever binds renders back to JSON that binds again.
 */
class WidgetBodyFuzzTest {
    private static final Class<?>[] BODIES = {
            WidgetHttp.SessionBody.class, WidgetHttp.ActivityBody.class, WidgetHttp.ContactBody.class};

    @FuzzTest
    @DictionaryEntries({"{\"workspace_key\":", "\"token\"", "\"locale\"", "\"time_zone\"", "\"key\"", "\"events\"",
            "\"type\"", "\"url\"", "\"title\"", "\"referrer\"", "\"utm\"", "\"name\"", "\"email\"", "\"attributes\"",
            "\"user_id\"", "\"user_hash\"", "\"userId\"", "null", "true", "1e400", "-0.0", "99999999999999999999", "[{", "}]"})
    void bind(FuzzedDataProvider data) {
        Class<?> type = BODIES[data.consumeInt(0, BODIES.length - 1)];
        byte[] body = data.consumeRemainingAsBytes();
        Object bound;
        try {
            bound = Json.parse(body, type);
        } catch (ApiError e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        assertThat(bound).isInstanceOf(type);
        assertThat(Json.parse(Json.write(bound), type)).isInstanceOf(type);
        if (bound instanceof WidgetHttp.ContactBody contact) {
            try {
                ContactService.validate(new ContactService.ContactChange(contact.name(), contact.email(), contact.attributes()));
                if (contact.attributes() != null) {
                    assertThat(Json.MAPPER.convertValue(Json.tree(Json.write(contact.attributes())), Map.class)).isNotNull();
                }
            } catch (ApiError e) {
                assertThat(e.status()).isEqualTo(400);
            }
        }
    }
}
