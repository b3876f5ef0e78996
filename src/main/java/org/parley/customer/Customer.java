package org.parley.customer;

/** A verified email across all workspaces of this server; owns the customer inbox at /me. */
public record Customer(String id, String email, long createdAt) {
}
