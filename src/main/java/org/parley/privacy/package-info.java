/**
 * Privacy (issue 14, docs/privacy.md): a contact's data export and deletion, and the audit log of both.
 *
 * <p>Owns: audit_log. Reads and deletes, by the contact's ids, the rows every other feature keeps about a contact
 * (listed once, table by table, in {@link org.parley.privacy.ContactTables}): a deliberate exception to "a
 * feature's tables through its service", as retention.Pruner is, so that one list says what a contact is made of
 * and the export and the deletion can never disagree about it. Publishes: ContactDeleted ({@code contact.deleted},
 * agents only; Wiring closes the contact's sockets on it). Imports plumbing and identity (who calls).
 */
package org.parley.privacy;
