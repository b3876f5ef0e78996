package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The log line pattern Parley ships (logback.xml): a logged value cannot write terminal escapes or fake bidi text. */
class LogPatternTest {
    static String format(String message) throws Exception {
        String xml;
        try (InputStream in = LogPatternTest.class.getResourceAsStream("/logback.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("<pattern>(.*)</pattern>").matcher(xml);
        assertThat(m.find()).isTrue();
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
        layout.start();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.WARN, message, null, null);
        return layout.doLayout(event);
    }

    @Test
    void controlCharactersOfLoggedValuesAreNeutralisedButLineBreaksStay() throws Exception {
        String line = format("quarantined from \u001b[2J\u001b[31mroot@evil\u0007 \u202Egnp.exe\nsecond line\ttab");
        assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202E");
        assertThat(line).contains("?[2J?[31mroot@evil? ?gnp.exe\nsecond line\ttab");
    }
}
