package org.parley.identity;

public enum Role {
    OWNER, ADMIN, AGENT;

    public boolean isAdmin() {
        return this == OWNER || this == ADMIN;
    }

    public String wire() {
        return name().toLowerCase();
    }
}
