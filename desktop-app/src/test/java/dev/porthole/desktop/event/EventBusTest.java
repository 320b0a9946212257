package dev.porthole.desktop.event;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusTest {

    @Test
    void a_subscriber_that_throws_does_not_stop_the_others() {
        EventBus bus = new EventBus();
        List<String> heard = new ArrayList<>();
        bus.subscribe(AppEvent.Notify.class, n -> heard.add("first " + n.message()));
        bus.subscribe(AppEvent.Notify.class, n -> {
            throw new IllegalStateException("broken subscriber");
        });
        bus.subscribe(AppEvent.Notify.class, n -> heard.add("third " + n.message()));
        bus.subscribe(AppEvent.class, e -> heard.add("any"));

        bus.publish(AppEvent.Notify.info("hello"));

        assertThat(heard).containsExactlyInAnyOrder("first hello", "third hello", "any");
    }
}
