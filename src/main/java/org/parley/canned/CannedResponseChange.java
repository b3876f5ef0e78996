package org.parley.canned;

/**
 * A create or an edit of a canned response. On an edit, a null field is left as it is; on a create,
 * {@code shortcut} and {@code text} are required and a null {@code title} is empty.
 */
public record CannedResponseChange(String shortcut, String title, String text) {
}
