package dev.porthole.desktop.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RenderingTest {

    @Test
    void on_linux_the_window_is_drawn_in_software_and_gtk_is_kept_from_opengl() {
        Rendering.Plan plan = Rendering.plan("Linux", Map.of(), Optional.empty());
        assertThat(plan.properties()).containsExactly(Map.entry("prism.order", "sw"));
        assertThat(plan.environment()).containsExactly(Map.entry("GDK_GL", "disable"));
    }

    @Test
    void a_person_who_asks_for_the_gpu_or_names_a_pipeline_gets_javafx_defaults() {
        assertThat(Rendering.plan("Linux", Map.of(Rendering.CHOICE, "gpu"), Optional.empty())).isEqualTo(Rendering.Plan.KEEP_DEFAULTS);
        assertThat(Rendering.plan("Linux", Map.of(Rendering.CHOICE, " GPU "), Optional.empty())).isEqualTo(Rendering.Plan.KEEP_DEFAULTS);
        assertThat(Rendering.plan("Linux", Map.of(), Optional.of("es2"))).isEqualTo(Rendering.Plan.KEEP_DEFAULTS);
        assertThat(Rendering.plan("Linux", Map.of(Rendering.CHOICE, "software"), Optional.empty()))
                .as("anything else is the default choice").isEqualTo(Rendering.Plan.software());
    }

    @Test
    void other_systems_keep_their_gpu_pipelines() {
        assertThat(Rendering.plan("Mac OS X", Map.of(), Optional.empty())).isEqualTo(Rendering.Plan.KEEP_DEFAULTS);
        assertThat(Rendering.plan("Windows 11", Map.of(), Optional.empty())).isEqualTo(Rendering.Plan.KEEP_DEFAULTS);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void the_variable_reaches_the_process_environment_that_native_code_reads() throws Throwable {
        String name = "PORTHOLE_RENDERING_TEST_" + ProcessHandle.current().pid();
        assertThat(Rendering.setenv(name, "disable")).isTrue();

        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            assertThat(value.reinterpret(64).getString(0)).isEqualTo("disable");
        }
    }
}
