package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.mail.Session;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A raw email as {@link InboundEmailService#receive} reads it (issue 11): envelope, reply token of each
 * recipient, new text of the reply. Whatever the bytes, each step answers (a value, or empty for
 * "unreadable_email") and never throws: an exception would answer the SMTP client "try again later" forever.
 */
class InboundMailFuzzTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final ReplyAddresses ADDRESSES = new ReplyAddresses(null, null, null, null, "reply.example");

    // No entry holds CR or LF: Jazzer 0.30 writes them unescaped and libFuzzer then rejects the dictionary.
    @FuzzTest
    @DictionaryEntries({"From: ", "To: ", "Cc: ", "Delivered-To: ", "X-Original-To: ", "Message-ID: ",
            "Content-Type: ", "multipart/alternative; boundary=", "text/plain", "text/html", "charset=",
            "Content-Transfer-Encoding: ", "base64", "quoted-printable", "Content-Disposition: attachment", "--",
            "reply+", "@reply.example", "=?utf-8?B?", "=?iso-8859-1?Q?", "?=", "<", ">", "\"", ":;", "message/rfc822"})
    void read(FuzzedDataProvider data) {
        byte[] raw = data.consumeRemainingAsBytes();
        Optional<InboundEmailService.Envelope> envelope = InboundEmailService.read(SESSION, raw, List.of());
        if (envelope.isEmpty()) {
            return;
        }
        envelope.get().recipients().forEach(ADDRESSES::tokenOf);
        InboundEmailService.replyText(envelope.get().email())
                .ifPresent(text -> assertThat(text).isEqualTo(text.strip()));
    }
}
