package org.parley.file;

import org.parley.conversation.ThreadOwner;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.BotPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;

/**
 * Who uploaded a file, in the terms of the message it may be attached to (its sender type and id): a contact, an
 * agent, an app ({@code app:<id>}) or an API key. Only the uploader may attach a pending file, or read it before.
 */
record Uploader(String type, String id) {
    static Uploader of(Principal principal) {
        return switch (principal) {
            case VisitorPrincipal v -> new Uploader("CONTACT", v.contactId());
            case AgentPrincipal a when a.isApp() -> new Uploader("BOT", ThreadOwner.app(a.appId()));
            case AgentPrincipal a when a.isIntegration() -> new Uploader("BOT", a.apiKeyId());
            case AgentPrincipal a -> new Uploader("AGENT", a.agentId());
            case BotPrincipal b -> throw new IllegalArgumentException("flows send no files");
        };
    }

    boolean uploaded(StoredFile file) {
        return type.equals(file.uploaderType()) && id.equals(file.uploaderId());
    }
}
