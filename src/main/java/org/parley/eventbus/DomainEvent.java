package org.parley.eventbus;

/** Every event a service publishes after commit carries its recorded form for the realtime path. */
public interface DomainEvent {
    RecordedEvent recorded();
}
