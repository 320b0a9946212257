package dev.porthole.desktop.platform;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryTuningTest {

    @Test
    void an_idle_app_collects_and_gives_free_heap_back_unless_the_command_line_said_otherwise() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1"));
        MemoryTuning.apply();
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("20");
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
        if (g1) {
            assertThat(vm.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo("3000");
        }
        MemoryTuning.apply(); // again: no harm, nothing changes
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("20");
    }
}
