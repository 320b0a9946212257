package dev.porthole.desktop.platform;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Memory the app no longer uses goes back to the system once the traffic stops, whatever the heap limit (a jar run
 * without one gets a quarter of the machine's memory): the garbage collector runs a cycle when the app has been idle
 * for {@value #IDLE_GC_MILLIS} ms and keeps at most {@value #MAX_FREE_PERCENT} % of the heap free. These are the JVM's
 * own manageable settings, set at start; one the person set on the command line is left as they set it.
 */
public final class MemoryTuning {
    private static final System.Logger LOG = System.getLogger(MemoryTuning.class.getName());
    static final int IDLE_GC_MILLIS = 3_000;
    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 20;

    private MemoryTuning() {
    }

    public static void apply() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // Min before Max: the JVM refuses a maximum below the minimum in force
            for (Map.Entry<String, String> flag : Map.of(
                    "MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT),
                    "MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT),
                    "G1PeriodicGCInterval", Integer.toString(IDLE_GC_MILLIS)).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(k -> k.equals("MaxHeapFreeRatio"))))
                    .toList()) {
                var current = vm.getVMOption(flag.getKey());
                if (current.getOrigin() == com.sun.management.VMOption.Origin.DEFAULT && current.isWriteable()) {
                    vm.setVMOption(flag.getKey(), flag.getValue());
                }
            }
        } catch (RuntimeException e) {
            // another JVM, or one that does not offer these: it only costs memory
            LOG.log(Level.DEBUG, "memory settings not applied", e);
        }
    }
}
