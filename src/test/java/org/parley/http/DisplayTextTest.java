package org.parley.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.parley.mail.Email;

class DisplayTextTest {
    @Test
    void bidiControlsGoAndControlCharactersBecomeSpaces() {
        assertThat(DisplayText.clean("Eve\u202Egnp.exe")).isEqualTo("Evegnp.exe");
        assertThat(DisplayText.clean("a\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069b")).isEqualTo("ab");
        assertThat(DisplayText.clean("line\r\nbreak\ttab\u0000nul\u0085nel\u2028ls")).isEqualTo("line  break tab nul nel ls");
        assertThat(DisplayText.clean(null)).isNull();
    }

    @Test
    void rightToLeftNamesAndEmojiKeepWhatTheyNeed() {
        String hebrew = "\u05D3\u05E0\u05D9\u200F";
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67";
        String persian = "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
        assertThat(DisplayText.clean(hebrew)).isSameAs(hebrew);
        assertThat(DisplayText.clean(family)).isSameAs(family);
        assertThat(DisplayText.clean(persian)).isSameAs(persian);
    }

    @Test
    void anEmailsSubjectAndSenderNameAreOnePlainLine() {
        Email email = new Email("a@example.com", "New reply from Eve\u202Egnp.exe\r\nBcc: x@evil.example", "text",
                null, "Shop\u2067 via Parley", null, null);
        assertThat(email.subject()).isEqualTo("New reply from Evegnp.exe  Bcc: x@evil.example");
        assertThat(email.fromName()).isEqualTo("Shop via Parley");
    }
}
