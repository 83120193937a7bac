package dev.kiln.net;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An http(s) URL read the way a browser reads its host, without looking anything up: the host percent-decoded
 * and IDNA-mapped (so {@code %6c%6f%63%61%6c%68%6f%73%74} and full-width letters are plain {@code localhost}),
 * numeric spellings read as the address they are, a trailing dot removed. What cannot be read one single way is
 * refused rather than guessed: control characters, backslashes, user-info, zone ids, malformed hosts.
 *
 * @param host the host in one canonical spelling: a lower-case ASCII name, dotted IPv4, or compressed IPv6
 * @param address the address when the host is an IP literal (4 or 16 bytes), else null
 * @param port the port, the scheme's default when none is written
 * @param pathAndQuery what goes on the request line: the path (at least {@code /}) and the query, no fragment
 */
public record OutboundUrl(String scheme, String host, byte[] address, int port, String pathAndQuery) {

    /** Reads a URL; throws {@link OutboundRefusedException} saying what is wrong with it. */
    public static OutboundUrl parse(String url) {
        if (url == null || url.isEmpty()) {
            throw refused("is empty");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw refused("contains whitespace or a control character");
            }
            if (c == '\\') {
                // Browsers read a backslash as a slash, other parsers as part of the host: no single reading.
                throw refused("contains a backslash");
            }
        }
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused("is not an http or https URL");
        }
        if (!url.startsWith("//", colon + 1)) {
            throw refused("must start with " + scheme + "://");
        }
        String rest = url.substring(colon + 3);
        int end = authorityEnd(rest);
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        if (authority.indexOf('@') >= 0) {
            throw refused("carries user information (user@host), which Kiln does not send on");
        }
        String hostText;
        String portText = null;
        boolean bracketed = authority.startsWith("[");
        if (bracketed) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw refused("has an unclosed [ in its host");
            }
            hostText = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw refused("has characters after its IPv6 address");
                }
                portText = after.substring(1);
            }
        } else {
            int portColon = authority.lastIndexOf(':');
            hostText = portColon < 0 ? authority : authority.substring(0, portColon);
            portText = portColon < 0 ? null : authority.substring(portColon + 1);
        }
        int port = port(portText, scheme);
        if (hostText.isEmpty()) {
            throw refused("has no host");
        }
        int fragment = tail.indexOf('#');
        String request = fragment < 0 ? tail : tail.substring(0, fragment);
        if (!request.startsWith("/")) {
            request = "/" + request;
        }
        if (bracketed) {
            if (hostText.indexOf('%') >= 0) {
                throw refused("names a network interface (an IPv6 zone id), which only makes sense inside a network");
            }
            byte[] v6 = HostLiterals.ipv6(hostText);
            if (v6 == null) {
                throw refused("has a host that is not a valid IPv6 address");
            }
            return new OutboundUrl(scheme, HostLiterals.format(v6), v6, port, request);
        }
        String host = normalizedName(hostText);
        if (HostLiterals.endsInNumber(host)) {
            byte[] v4 = HostLiterals.ipv4(host);
            if (v4 == null) {
                throw refused("has a host that ends in a number but is not a valid IPv4 address");
            }
            return new OutboundUrl(scheme, HostLiterals.format(v4), v4, port, request);
        }
        return new OutboundUrl(scheme, host, null, port, request);
    }

    /** Whether this URL's host is an IP literal (nothing to resolve). */
    public boolean literal() {
        return address != null;
    }

    /** The scheme and host, enough to say where a URL points without repeating a signed query. */
    public String origin() {
        String shown = address != null && address.length == 16 ? "[" + host + "]" : host;
        return scheme + "://" + shown + (port == defaultPort(scheme) ? "" : ":" + port);
    }

    private static int authorityEnd(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return rest.length();
    }

    private static int port(String text, String scheme) {
        if (text == null || text.isEmpty()) {
            return defaultPort(scheme);
        }
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw refused("has an invalid port");
        }
        int port = Integer.parseInt(text);
        if (port == 0 || port > 65535) {
            throw refused("has an invalid port");
        }
        return port;
    }

    static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    /** A host name percent-decoded, IDNA-mapped to ASCII, lower case, without its trailing dot, and checked. */
    static String normalizedName(String text) {
        String decoded = percentDecoded(text);
        String ascii;
        try {
            ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notAName) {
            throw refused("has a host that is not a valid name");
        }
        String host = ascii.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > 253) {
            throw refused("has a host that is not a valid name");
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty()
                    || label.length() > 63
                    || !label.chars()
                            .allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw refused("has a host that is not a valid name");
            }
        }
        return host;
    }

    private static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%') {
                int high = i + 2 < text.length() ? hexDigit(text.charAt(i + 1)) : -1;
                int low = high >= 0 ? hexDigit(text.charAt(i + 2)) : -1;
                if (low < 0) {
                    throw refused("has a malformed percent-encoding in its host");
                }
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int next = text.indexOf('%', i);
                int until = next < 0 ? text.length() : next;
                bytes.writeBytes(text.substring(i, until).getBytes(StandardCharsets.UTF_8));
                i = until;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw refused("has a host whose percent-encoding is not UTF-8");
        }
    }

    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static OutboundRefusedException refused(String what) {
        return new OutboundRefusedException("the URL " + what);
    }

    // A record's generated equals would compare the address array by identity; compare what it says instead.
    @Override
    public boolean equals(Object other) {
        return other instanceof OutboundUrl that
                && scheme.equals(that.scheme)
                && host.equals(that.host)
                && java.util.Arrays.equals(address, that.address)
                && port == that.port
                && pathAndQuery.equals(that.pathAndQuery);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scheme, host, port, pathAndQuery);
    }

    @Override
    public String toString() {
        return origin() + " (path not shown)";
    }
}
