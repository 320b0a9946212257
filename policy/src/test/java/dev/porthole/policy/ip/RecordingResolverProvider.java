package dev.porthole.policy.ip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * The JVM's host-name resolver for this module's tests (registered in META-INF/services): it records every name
 * looked up, so a test can prove that reading an address never asks DNS. Names ending in {@code .invalid} fail at
 * once; everything else goes to the built-in resolver.
 */
public final class RecordingResolverProvider extends InetAddressResolverProvider {
    static final Queue<String> LOOKUPS = new ConcurrentLinkedQueue<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
                LOOKUPS.add(host);
                if (host.endsWith(".invalid")) {
                    throw new UnknownHostException(host);
                }
                return builtin.lookupByName(host, lookupPolicy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "recording resolver for tests";
    }
}
