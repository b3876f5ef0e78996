/**
 * Live visitors (docs/analytics.md, "Live visitors"): who is on the site now, followed from activity beacons and
 * the loader's heartbeat, shown to agents live, and proactive messages to them.
 *
 * <p>Owns: no table (the registry is memory; it reads visitor_activity for a returning browser's visit). Publishes
 * the ephemeral agent events visitor.updated and visitor.left through its AgentFeed port. May import the services,
 * records and events of activity, conversation, message and identity.
 */
package org.parley.live;
