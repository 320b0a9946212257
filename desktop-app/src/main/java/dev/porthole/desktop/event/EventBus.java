package dev.porthole.desktop.event;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * How components that do not know each other talk: the log asks the window to show a page, a replay tells the
 * log to select its result. Typed by the event's class; delivered on the publisher's thread (the UI thread). A
 * subscriber that throws is logged and skipped: the others still hear the event.
 */
public final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    public <E extends AppEvent> Runnable subscribe(Class<E> type, Consumer<? super E> subscriber) {
        Consumer<Object> wrapped = event -> subscriber.accept(type.cast(event));
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(wrapped);
        return () -> subscribers.get(type).remove(wrapped);
    }

    public void publish(AppEvent event) {
        subscribers.forEach((type, list) -> {
            if (type.isInstance(event)) {
                for (Consumer<Object> s : list) {
                    try {
                        s.accept(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.ERROR, "a subscriber to " + event.getClass().getSimpleName() + " failed", e);
                    }
                }
            }
        });
    }
}
