package dev.porthole.desktop.platform;

import dev.porthole.desktop.event.AppEvent;
import dev.porthole.desktop.event.EventBus;
import dev.porthole.desktop.testing.ManualUiExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class UncaughtErrorsTest {
    @TempDir
    Path dir;
    final EventBus bus = new EventBus();
    final ManualUiExecutor ui = new ManualUiExecutor();
    final List<AppEvent.Notify> toasts = new CopyOnWriteArrayList<>();

    @Test
    void an_exception_nothing_caught_on_a_thread_is_reported_not_lost() throws Exception {
        bus.subscribe(AppEvent.Notify.class, toasts::add);
        UncaughtErrors errors = new UncaughtErrors(dir, bus, ui, Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
        Thread worker = Thread.ofPlatform().name("porthole-worker").uncaughtExceptionHandler(errors)
                .start(() -> {
                    throw new IllegalStateException("secret-token-abc in a message");
                });
        worker.join();
        ui.runPending();

        assertThat(toasts).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(AppEvent.Notify.Kind.ERROR);
            assertThat(t.message()).contains("keeps running").contains(UncaughtErrors.FILE_NAME)
                    .as("the exception's text stays out of the window").doesNotContain("secret-token-abc");
        });
        Path file = dir.resolve(UncaughtErrors.FILE_NAME);
        assertThat(Files.readString(file)).contains("porthole-worker").contains("IllegalStateException");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        // a second one right after is written down, but not shown again: a loop of failures cannot bury the window
        errors.uncaughtException(Thread.currentThread(), new RuntimeException("again"));
        ui.runPending();
        assertThat(toasts).hasSize(1);
        assertThat(Files.readString(file)).contains("again");
    }
}
