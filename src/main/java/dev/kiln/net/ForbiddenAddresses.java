package dev.kiln.net;

import java.util.List;
import java.util.Optional;

/**
 * The addresses Kiln never fetches from or hands on: everything that reaches inside a network (loopback,
 * private, link-local with the cloud metadata service, carrier NAT, unique-local), and the ranges that are
 * not ordinary public unicast (unspecified, multicast, broadcast, reserved, benchmarking, documentation). An
 * IPv6 address that wraps an IPv4 address (mapped, compatible, NAT64, 6to4) is judged by the address it wraps.
 */
public final class ForbiddenAddresses {

    private record Range(int network, int prefix, String what) {
        boolean contains(int address) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return (address & mask) == (network & mask);
        }
    }

    private static final List<Range> IPV4 = List.of(
            v4(0, 0, 0, 0, 8, "an address of \"this network\" (0.0.0.0/8, the unspecified address included)"),
            v4(10, 0, 0, 0, 8, "a private address (RFC 1918)"),
            v4(100, 64, 0, 0, 10, "a carrier-grade NAT address (100.64.0.0/10)"),
            v4(127, 0, 0, 0, 8, "a loopback address"),
            v4(169, 254, 0, 0, 16, "a link-local address (169.254.0.0/16, where the cloud metadata service answers)"),
            v4(172, 16, 0, 0, 12, "a private address (RFC 1918)"),
            v4(192, 0, 0, 0, 24, "an IETF protocol address (192.0.0.0/24)"),
            v4(192, 0, 2, 0, 24, "a documentation address (192.0.2.0/24)"),
            v4(192, 88, 99, 0, 24, "a 6to4 relay address (192.88.99.0/24)"),
            v4(192, 168, 0, 0, 16, "a private address (RFC 1918)"),
            v4(198, 18, 0, 0, 15, "a benchmarking address (198.18.0.0/15)"),
            v4(198, 51, 100, 0, 24, "a documentation address (198.51.100.0/24)"),
            v4(203, 0, 113, 0, 24, "a documentation address (203.0.113.0/24)"),
            v4(224, 0, 0, 0, 4, "a multicast address"),
            v4(255, 255, 255, 255, 32, "the broadcast address"),
            v4(240, 0, 0, 0, 4, "a reserved address (240.0.0.0/4)"));

    private ForbiddenAddresses() {}

    private static Range v4(int a, int b, int c, int d, int prefix, String what) {
        return new Range((a << 24) | (b << 16) | (c << 8) | d, prefix, what);
    }

    /** Why Kiln must not reach this address (4 or 16 bytes), or empty when it is ordinary public unicast. */
    public static Optional<String> reason(byte[] address) {
        return address.length == 4 ? ipv4(toInt(address, 0)) : ipv6(address);
    }

    private static Optional<String> ipv4(int address) {
        return IPV4.stream().filter(r -> r.contains(address)).findFirst().map(Range::what);
    }

    private static Optional<String> ipv6(byte[] a) {
        if (zero(a, 0, 16)) {
            return Optional.of("the unspecified address (::)");
        }
        if (zero(a, 0, 15) && a[15] == 1) {
            return Optional.of("a loopback address (::1)");
        }
        if (zero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return wrapped("an IPv4-mapped address", a, 12);
        }
        if (zero(a, 0, 12)) {
            return wrapped("an IPv4-compatible address", a, 12);
        }
        if (zero(a, 0, 8) && (a[8] & 0xff) == 0xff && (a[9] & 0xff) == 0xff && zero(a, 10, 12)) {
            return wrapped("an IPv4-translated address", a, 12);
        }
        int first = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
        int second = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        if (first == 0x64 && second == 0xff9b && zero(a, 4, 12)) {
            return wrapped("a NAT64 address", a, 12);
        }
        if (first == 0x64 && second == 0xff9b && a[4] == 0 && (a[5] & 0xff) == 1) {
            return Optional.of("a local-use NAT64 address (64:ff9b:1::/48)");
        }
        if (first == 0x2002) {
            return wrapped("a 6to4 address", a, 2);
        }
        if ((first & 0xfe00) == 0xfc00) {
            return Optional.of("a unique-local address (fc00::/7)");
        }
        if ((first & 0xffc0) == 0xfe80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if ((first & 0xffc0) == 0xfec0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if ((first & 0xff00) == 0xff00) {
            return Optional.of("a multicast address (ff00::/8)");
        }
        if ((first == 0x2001 && second == 0x0db8) || (first & 0xfff0) == 0x3ff0) {
            return Optional.of("a documentation address (2001:db8::/32, 3fff::/20)");
        }
        if (first == 0x2001 && second < 0x0200) {
            return Optional.of("an IETF special-purpose address (2001::/23: Teredo, benchmarking, ORCHID)");
        }
        if ((first & 0xe000) != 0x2000) {
            return Optional.of("not a global unicast address (outside 2000::/3)");
        }
        return Optional.empty();
    }

    private static Optional<String> wrapped(String kind, byte[] a, int offset) {
        byte[] inner = {a[offset], a[offset + 1], a[offset + 2], a[offset + 3]};
        return ipv4(toInt(inner, 0)).map(what -> kind + " of " + HostLiterals.format(inner) + ", " + what);
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int toInt(byte[] a, int offset) {
        return ((a[offset] & 0xff) << 24)
                | ((a[offset + 1] & 0xff) << 16)
                | ((a[offset + 2] & 0xff) << 8)
                | (a[offset + 3] & 0xff);
    }
}
