package org.parley.notify;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.parley.file.FileService;
import org.parley.http.ApiError;
import org.parley.identity.VisitorPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an emailed reply (docs/files.md): every part with a file name that is not the text body goes through
 * the same upload as the widget's (type by content, images re-encoded, limits), as the contact. A file refused
 * (a type outside the allow-list, too large) is left out and logged; the rest of the reply still arrives.
 */
final class EmailAttachments {
    private static final Logger log = LoggerFactory.getLogger(EmailAttachments.class);

    private EmailAttachments() {
    }

    /** The ids of the stored files, at most as many as a message may carry. */
    static List<String> store(Part email, VisitorPrincipal contact, FileService files) {
        List<Part> parts = new ArrayList<>();
        try {
            collect(email, parts);
        } catch (MessagingException | IOException | RuntimeException e) {
            log.debug("notify: unreadable attachments: {}", e.toString());
        }
        List<String> ids = new ArrayList<>();
        for (Part part : parts) {
            if (ids.size() == files.limits().maxFilesPerMessage()) {
                log.info("notify: an emailed reply had more than {} files; the rest were left out", ids.size());
                break;
            }
            try (InputStream in = part.getInputStream()) {
                ids.add(files.upload(contact, part.getFileName(), in, -1).id());
            } catch (ApiError e) {
                log.info("notify: an emailed file was not accepted ({}): {}", e.code(), e.getMessage());
            } catch (MessagingException | IOException | RuntimeException e) {
                log.info("notify: an emailed file could not be read: {}", e.toString());
            }
        }
        return ids;
    }

    private static void collect(Part part, List<Part> out) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, out);
            }
            return;
        }
        boolean named = part.getFileName() != null && !part.getFileName().isBlank();
        boolean body = !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                && (part.isMimeType("text/plain") || part.isMimeType("text/html"));
        if (named && !body) {
            out.add(part);
        }
    }
}
