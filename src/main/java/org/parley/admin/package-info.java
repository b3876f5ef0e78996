/**
 * Operator commands: {@code java -jar parley.jar admin <command>} (docs/operations.md).
 *
 * <p>Owns no table. Calls WorkspaceService and AgentService (create-owner, through OwnerCreation),
 * PasswordResetService (reset-password) and retention.Pruner (prune), all wired by Wiring and handed in by
 * Parley; lists workspaces through WorkspaceService; copies SQLite files (SqliteBackup).
 */
package org.parley.admin;
