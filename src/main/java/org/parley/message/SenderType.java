package org.parley.message;

public enum SenderType {
    CONTACT, AGENT, BOT, SYSTEM;

    public String wire() {
        return name().toLowerCase();
    }
}
