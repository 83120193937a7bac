package dev.kiln.net;

import java.math.BigInteger;

/**
 * Reads IP address literals the way browsers and {@code inet_aton} do (the WHATWG URL host parser), so that
 * every spelling of an address is recognised as that address: {@code 2130706433}, {@code 0177.0.0.1},
 * {@code 0x7f.1} and {@code 127.1} are all 127.0.0.1. Pure text work: nothing here looks a name up.
 */
final class HostLiterals {
    private static final BigInteger BYTE = BigInteger.valueOf(256);

    private HostLiterals() {}

    /**
     * Whether a host (lower case, trailing dot removed) must be read as an IPv4 address: its last label is a
     * number. A browser treats such a host as an address or refuses it, never as a name.
     */
    static boolean endsInNumber(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        return last.chars().allMatch(c -> c >= '0' && c <= '9') || number(last) != null;
    }

    /** The four bytes of an IPv4 address in any inet_aton spelling, or null when it is not a valid one. */
    static byte[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        BigInteger[] numbers = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = number(parts[i]);
            if (numbers[i] == null) {
                return null;
            }
        }
        // Every part but the last is one byte; the last fills the bytes that are left (127.1 is 127.0.0.1).
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i].compareTo(BYTE) >= 0) {
                return null;
            }
        }
        BigInteger last = numbers[numbers.length - 1];
        if (last.compareTo(BYTE.pow(5 - numbers.length)) >= 0) {
            return null;
        }
        long value = last.longValue();
        for (int i = 0; i < numbers.length - 1; i++) {
            value += numbers[i].longValue() << (8 * (3 - i));
        }
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** One part of an IPv4 address: decimal, octal with a leading 0, hexadecimal with 0x; null if none. */
    private static BigInteger number(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return BigInteger.ZERO; // "0x" alone is zero, as in browsers
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c > 'f' || Character.digit(c, radix) < 0) {
                return null;
            }
        }
        return new BigInteger(digits, radix);
    }

    /**
     * The sixteen bytes of an IPv6 address written between brackets (without them and without a zone id), with
     * {@code ::} compression and a dotted IPv4 tail ({@code ::ffff:127.0.0.1}); null when it is not one.
     */
    static byte[] ipv6(String text) {
        int[] pieces = new int[8];
        int piece = 0;
        int compress = -1;
        int at = 0;
        int length = text.length();
        if (length == 0) {
            return null;
        }
        if (text.charAt(0) == ':') {
            if (!text.startsWith("::")) {
                return null;
            }
            at = 2;
            piece = 1;
            compress = 1;
        }
        while (at < length) {
            if (piece == 8) {
                return null;
            }
            if (text.charAt(at) == ':') {
                if (compress != -1) {
                    return null;
                }
                at++;
                piece++;
                compress = piece;
                continue;
            }
            int value = 0;
            int digits = 0;
            while (digits < 4 && at < length && hex(text.charAt(at)) >= 0) {
                value = value * 16 + hex(text.charAt(at));
                at++;
                digits++;
            }
            if (at < length && text.charAt(at) == '.') {
                // A dotted IPv4 address fills the last two pieces.
                if (digits == 0 || piece > 6) {
                    return null;
                }
                byte[] tail = dottedQuad(text.substring(at - digits));
                if (tail == null) {
                    return null;
                }
                pieces[piece++] = ((tail[0] & 0xff) << 8) | (tail[1] & 0xff);
                pieces[piece++] = ((tail[2] & 0xff) << 8) | (tail[3] & 0xff);
                at = length;
                break;
            }
            if (digits == 0) {
                return null;
            }
            if (at < length) {
                if (text.charAt(at) != ':') {
                    return null;
                }
                at++;
                if (at == length) {
                    return null; // a single trailing colon
                }
            }
            pieces[piece++] = value;
        }
        if (compress != -1) {
            // Move the pieces after "::" to the end; the gap between is zeros.
            int moved = piece - compress;
            int[] expanded = new int[8];
            System.arraycopy(pieces, 0, expanded, 0, compress);
            System.arraycopy(pieces, compress, expanded, 8 - moved, moved);
            pieces = expanded;
        } else if (piece != 8) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (pieces[i] >>> 8);
            bytes[2 * i + 1] = (byte) pieces[i];
        }
        return bytes;
    }

    /** An ASCII hex digit's value, or -1 (Character.digit would also take other scripts' digits). */
    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /** A strict dotted-decimal IPv4 address (the only form allowed inside an IPv6 address); null otherwise. */
    private static byte[] dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty()
                    || part.length() > 3
                    || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** An address as text: dotted decimal, or eight hex pieces with the longest run of zeros compressed. */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        int[] pieces = new int[8];
        for (int i = 0; i < 8; i++) {
            pieces[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && pieces[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            text.append(Integer.toHexString(pieces[i]));
            if (i < 7) {
                text.append(':');
            }
        }
        return text.toString();
    }
}
