package dev.porthole.policy.ip;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressesTest {

    @Test
    void readsLiteralsOnly() {
        assertThat(IpAddresses.parse("192.0.2.1")).isPresent();
        assertThat(IpAddresses.parse("2001:db8::1")).isPresent();
        assertThat(IpAddresses.parse("::1")).isPresent();
        assertThat(IpAddresses.parse("::ffff:192.0.2.1").orElseThrow()).isInstanceOf(java.net.Inet4Address.class);
    }

    /** None of these may reach DNS or throw: they come from the request, and the answer must be "not an address". */
    @Test
    void everythingElseIsNotAnAddressAndNothingAsksDns() throws Exception {
        // the recording resolver is in place: a real lookup is seen
        try {
            java.net.InetAddress.getByName("proof-the-resolver-records.invalid");
        } catch (java.net.UnknownHostException expected) {
            // as intended
        }
        assertThat(RecordingResolverProvider.LOOKUPS).contains("proof-the-resolver-records.invalid");
        RecordingResolverProvider.LOOKUPS.clear();

        for (String text : List.of("", "localhost", "example.com", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7:8:9", "192.0.2.1.",
            ".::1", ".1.2.3", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "::g", "1::2::3", ":", ":::", "1.2.3.4:80",
            "0x7f.0.0.1", "2130706433", "a".repeat(46))) {
            assertThat(IpAddresses.parse(text)).as(text).isEmpty();
        }
        assertThat(IpAddresses.parse(null)).isEmpty();
        assertThat(RecordingResolverProvider.LOOKUPS).as("names looked up").isEmpty();
    }
}
