/**
 * Flows and bots (docs/bots.md): a flow greets, asks, collects and hands the thread to the humans.
 *
 * <p>Owns: flows, flow_versions, flow_runs. May import the services, records and events of conversation,
 * message, contact, workspace, identity and activity. A deliverer: producers never import it.
 */
package org.parley.bot;
