package dev.kiln.net;

import java.util.List;
import java.util.Optional;

/**
 * Hosts an operator lets Kiln reach although the guard would refuse them, such as the provider emulator on
 * 127.0.0.1 in tests and the local run. Each entry is a host (any port) or a host and port; hosts compare in
 * their canonical spelling, so {@code 127.0.0.1:8090} also allows {@code http://0x7f.1:8090/}. There is no
 * entry that allows everything: the guard has no off switch.
 */
public final class OutboundAllowlist {
    private static final int ANY_PORT = -1;

    private record Entry(String host, int port) {}

    private final List<Entry> entries;

    private OutboundAllowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Allows nothing: production's default. */
    public static OutboundAllowlist none() {
        return new OutboundAllowlist(List.of());
    }

    /**
     * Reads entries such as {@code 127.0.0.1:8090}, {@code images.test} or {@code [::1]:8443}; throws
     * {@link IllegalArgumentException} for one that is not a host, so a typo fails at start.
     */
    public static OutboundAllowlist of(List<String> entries) {
        return new OutboundAllowlist(entries.stream()
                .map(String::strip)
                .filter(e -> !e.isEmpty())
                .map(OutboundAllowlist::entry)
                .toList());
    }

    /** From the configured list, which may be absent. */
    public static OutboundAllowlist of(Optional<List<String>> entries) {
        return entries.map(OutboundAllowlist::of).orElseGet(OutboundAllowlist::none);
    }

    /** Whether the URL's host (and port) is allowlisted. */
    public boolean allows(OutboundUrl url) {
        return entries.stream()
                .anyMatch(e -> e.host().equals(url.host()) && (e.port() == ANY_PORT || e.port() == url.port()));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static Entry entry(String text) {
        boolean portGiven = text.startsWith("[")
                ? text.contains("]:")
                : text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':');
        String authority =
                !text.startsWith("[") && text.indexOf(':') != text.lastIndexOf(':') ? "[" + text + "]" : text;
        if (text.contains("/") || text.contains("@") || text.contains("*")) {
            throw new IllegalArgumentException(
                    "kiln.outbound.allowed-hosts: '" + text + "' is not a host or host:port");
        }
        try {
            OutboundUrl parsed = OutboundUrl.parse("http://" + authority + "/");
            return new Entry(parsed.host(), portGiven ? parsed.port() : ANY_PORT);
        } catch (OutboundRefusedException e) {
            throw new IllegalArgumentException(
                    "kiln.outbound.allowed-hosts: '" + text + "' is not a host or host:port (" + e.reason() + ")");
        }
    }

    @Override
    public String toString() {
        return entries.stream()
                .map(e -> e.host() + (e.port() == ANY_PORT ? "" : ":" + e.port()))
                .toList()
                .toString();
    }
}
