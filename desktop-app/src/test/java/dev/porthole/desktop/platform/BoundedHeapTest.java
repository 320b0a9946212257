package dev.porthole.desktop.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedHeapTest {
    static final String JAVA = "/usr/lib/jvm/jdk/bin/java";
    static final String JAR = "/home/ada/porthole/desktop-app/target/porthole-desktop.jar";

    @Test
    void a_bare_java_jar_runs_again_within_the_heap_limit_with_its_options_and_arguments() {
        assertThat(BoundedHeap.relaunch(JAVA, List.of("--enable-native-access=ALL-UNNAMED", "-Dx=y"), JAR + " --config-dir /tmp/c",
                JAR, List.of("--config-dir", "/tmp/c"), Map.of()))
                .contains(List.of(JAVA, "-Xmx256m", "-XX:TrimNativeHeapInterval=5000", "-XX:+UseStringDeduplication",
                        "--enable-native-access=ALL-UNNAMED", "-Dx=y", "-jar", JAR, "--config-dir", "/tmp/c"));
    }

    @Test
    void a_run_with_a_limit_already_or_not_from_the_jar_runs_as_it_is() {
        assertThat(BoundedHeap.relaunch(JAVA, List.of("-Xmx1g"), JAR, JAR, List.of(), Map.of())).isEmpty();
        assertThat(BoundedHeap.relaunch(JAVA, List.of("-XX:MaxRAMPercentage=10"), JAR, JAR, List.of(), Map.of())).isEmpty();
        assertThat(BoundedHeap.relaunch(JAVA, List.of(), JAR, JAR, List.of(), Map.of(BoundedHeap.RELAUNCHED, "1")))
                .as("never a third run").isEmpty();
        assertThat(BoundedHeap.relaunch(JAVA, List.of(), "dev.porthole.desktop.Launcher", "/a/classes:/b/lib.jar", List.of(), Map.of()))
                .as("an IDE or a class path").isEmpty();
        assertThat(BoundedHeap.relaunch(null, List.of(), JAR, JAR, List.of(), Map.of())).isEmpty();
    }

    @Test
    void every_launcher_gives_the_same_jvm_options() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
        String script = java.nio.file.Files.readString(root.resolve("porthole"));
        String appImage = java.nio.file.Files.readString(root.resolve("installers/src/jpackage/app-image.args"));
        for (String option : BoundedHeap.JVM_OPTIONS) {
            assertThat(script).as("./porthole").contains(" " + option + " ");
            assertThat(appImage).as("the installed app's launcher").contains("--java-options " + option + "\n");
        }
    }
}
