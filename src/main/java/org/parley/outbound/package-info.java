/**
 * Shared plumbing for server-side outbound requests (DESIGN.md section 4b, docs/outbound.md): the URL
 * guard every request to a URL that users or admins supply passes at connect time (web push today;
 * webhooks and bot apps when they come), and the operator's allow-list {@code PARLEY_OUTBOUND_ALLOW}.
 *
 * <p>Owns no table. Imports the JDK only.
 */
package org.parley.outbound;
