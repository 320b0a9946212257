package dev.porthole.policy.ip;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpRangeTest {

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text).orElseThrow(() -> new AssertionError("not an address: " + text));
    }

    @Test
    void anIpv4RangeContainsItsAddressesAndNoOthers() {
        IpRange office = IpRange.parse("203.0.113.0/24");

        assertThat(office.contains(ip("203.0.113.0"))).isTrue();
        assertThat(office.contains(ip("203.0.113.255"))).isTrue();
        assertThat(office.contains(ip("203.0.114.0"))).isFalse();
        assertThat(office.contains(ip("203.0.112.255"))).isFalse();
    }

    @Test
    void slashZeroIsEveryAddressOfItsFamilyAndSlash32IsOne() {
        assertThat(IpRange.parse("0.0.0.0/0").contains(ip("198.51.100.7"))).isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
        assertThat(IpRange.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
        assertThat(IpRange.parse("::/0").contains(ip("198.51.100.7"))).as("::/0 is every IPv6 address, not IPv4").isFalse();

        IpRange one = IpRange.parse("198.51.100.7/32");
        assertThat(one.contains(ip("198.51.100.7"))).isTrue();
        assertThat(one.contains(ip("198.51.100.6"))).isFalse();
        assertThat(IpRange.parse("198.51.100.7")).isEqualTo(one);
    }

    @Test
    void ipv6RangesUpToSlash128() {
        IpRange net = IpRange.parse("2001:db8:abcd::/48");
        assertThat(net.contains(ip("2001:db8:abcd:12::1"))).isTrue();
        assertThat(net.contains(ip("2001:db8:abce::1"))).isFalse();

        IpRange host = IpRange.parse("2001:db8::42/128");
        assertThat(host.contains(ip("2001:DB8:0:0:0:0:0:42"))).isTrue();
        assertThat(host.contains(ip("2001:db8::43"))).isFalse();
        assertThat(IpRange.parse("2001:db8::42")).isEqualTo(host);
    }

    @Test
    void anIpv4MappedCallerIsJudgedByTheIpv4Rules() {
        IpRange office = IpRange.parse("203.0.113.0/24");

        assertThat(office.contains(ip("::ffff:203.0.113.9"))).isTrue();
        assertThat(office.contains(ip("::ffff:cb00:7109"))).as("the same address in hex groups").isTrue();
        assertThat(office.contains(ip("::ffff:198.51.100.1"))).isFalse();
    }

    @Test
    void aMappedRangeIsTheIpv4RangeItStandsFor() {
        IpRange mapped = IpRange.parse("::ffff:203.0.113.0/120");

        assertThat(mapped).isEqualTo(IpRange.parse("203.0.113.0/24"));
        assertThat(mapped.contains(ip("203.0.113.200"))).isTrue();
        assertThatThrownBy(() -> IpRange.parse("::ffff:0.0.0.0/90")).hasMessageContaining("from /96 to /128");
    }

    @Test
    void printsTheCanonicalForm() {
        assertThat(IpRange.parse("2001:0DB8:0000:0000:0000:0000:0000:0000/32")).hasToString("2001:db8::/32");
        assertThat(IpRange.parse("::/0")).hasToString("::/0");
        assertThat(IpRange.parse("::1")).hasToString("::1/128");
        assertThat(IpRange.parse("fe80:0:0:0:1:0:0:2/128")).hasToString("fe80::1:0:0:2/128");
        assertThat(IpRange.parse("2001:db8:0:1:0:0:0:0/64")).hasToString("2001:db8:0:1::/64");
        assertThat(IpRange.parse(" 10.0.0.0/8 ")).hasToString("10.0.0.0/8");
    }

    @Test
    void hostBitsAfterThePrefixAreAMistakeAndTheMessageSaysWhatWasMeant() {
        assertThatThrownBy(() -> IpRange.parse("10.1.2.3/8"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> IpRange.parse("2001:db8::1/32")).hasMessageContaining("did you mean 2001:db8::/32?");
    }

    @Test
    void refusesWhatIsNotAnAddressWithoutAskingDns() {
        assertThatThrownBy(() -> IpRange.parse("localhost")).hasMessageContaining("is not an IP address or CIDR range");
        assertThatThrownBy(() -> IpRange.parse("example.com/24")).hasMessageContaining("is not an IP address");
        assertThatThrownBy(() -> IpRange.parse("256.0.0.0/8")).hasMessageContaining("is not an IP address");
        assertThatThrownBy(() -> IpRange.parse("10.0.0/8")).hasMessageContaining("is not an IP address");
        assertThatThrownBy(() -> IpRange.parse("010.0.0.0/8")).as("leading zeros read as octal by some tools").hasMessageContaining("is not an IP address");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("at most /32");
        assertThatThrownBy(() -> IpRange.parse("::/129")).hasMessageContaining("at most /128");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/-1")).hasMessageContaining("must be a number");
        assertThatThrownBy(() -> IpRange.parse("")).hasMessageContaining("must not be empty");
    }
}
