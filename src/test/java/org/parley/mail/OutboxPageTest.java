package org.parley.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxPageTest {
    @Test
    void everyFieldIsEscaped() {
        Email hostile = new Email("<b>x</b>@example.com", "Hi <script>alert(1)</script>", "Body & \"quotes\" <img src=x>", null);
        String html = OutboxPage.render(List.of(new LogMailer.Kept(hostile, 0)));
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x>").doesNotContain("<b>x</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("Body &amp; &quot;quotes&quot; &lt;img src=x&gt;");
    }

    @Test
    void anEmptyOutboxSaysSo() {
        assertThat(OutboxPage.render(List.of())).contains("No emails yet.");
    }
}
