package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Unsubscribe tokens (issue 11): a token verifies only as issued, naming what it was issued for, and anything
 * else is refused (empty), never an exception. Most inputs start from an issued token that the fuzzer edits.
 */
class UnsubscribeTokensFuzzTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @FuzzTest
    void verify(FuzzedDataProvider data) {
        String workspaceId = data.consumeString(40);
        String contactId = data.consumeString(40);
        String issued = UnsubscribeTokens.issue(KEY, workspaceId, contactId);
        String token = data.consumeBoolean() ? data.consumeString(500) : edit(data, issued);

        Optional<UnsubscribeTokens.Subject> subject = UnsubscribeTokens.verify(KEY, token);
        if (subject.isPresent()) {
            UnsubscribeTokens.Subject s = subject.get();
            assertThat(token).as("verifies only as issued").isEqualTo(UnsubscribeTokens.issue(KEY, s.workspaceId(), s.contactId()));
            if (token.equals(issued) && !workspaceId.contains(":") && encodable(workspaceId) && encodable(contactId)) {
                assertThat(s).isEqualTo(new UnsubscribeTokens.Subject(workspaceId, contactId));
            }
        }
    }

    /** No lone surrogates (UTF-8 would turn them into '?'). */
    private static boolean encodable(String s) {
        return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8).equals(s);
    }

    private static String edit(FuzzedDataProvider data, String token) {
        StringBuilder out = new StringBuilder(token);
        int edits = data.consumeInt(0, 3);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = data.consumeInt(0, out.length() - 1);
            switch (data.consumeInt(0, 3)) {
                case 0 -> out.setCharAt(at, data.consumeChar());
                case 1 -> out.deleteCharAt(at);
                case 2 -> out.insert(at, data.consumeChar());
                default -> out.append(data.consumeString(3));
            }
        }
        return out.toString();
    }
}
