package dev.porthole.local.lambda;

import dev.porthole.local.sdkhttp.FunctionHttpService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function's class loader lists the emulator's SDK HTTP client as the only one, whether environments share the
 * code or each has its own; the rest of the process still sees only url-connection.
 */
class FunctionHttpServicesTest {

    private static List<String> listed(ClassLoader loader) {
        return ServiceLoader.load(SdkHttpService.class, loader).stream().map(p -> p.type().getName()).toList();
    }

    @Test
    void sharedAndIsolatedEnvironmentsListOnlyTheEmulatorsClient() {
        ClassLoader process = FunctionHttpServicesTest.class.getClassLoader();
        assertThat(listed(new FunctionCode(Optional.empty(), false, process).loaderFor("env-1")))
            .containsExactly(FunctionHttpService.class.getName());
        assertThat(listed(new FunctionCode(Optional.empty(), true, process).loaderFor("env-2")))
            .containsExactly(FunctionHttpService.class.getName());
    }

    @Test
    void theRestOfTheProcessFindsUrlConnectionAsBefore() {
        assertThat(listed(FunctionHttpServicesTest.class.getClassLoader())).contains(UrlConnectionSdkHttpService.class.getName())
            .doesNotContain(FunctionHttpService.class.getName());
    }
}
