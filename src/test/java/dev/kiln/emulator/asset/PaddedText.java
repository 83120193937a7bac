package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/** A small text document followed by generated comment lines that bring it to an exact length. */
final class PaddedText {
    private static final int LINE = 64;

    private PaddedText() {}

    /**
     * {@code text}, then {@code padding} bytes of lines {@code prefix + "~~~" + suffix + "\n"}; the last
     * line is shorter. {@code prefix}/{@code suffix} make the line a comment in the document's language.
     */
    static ByteRegion of(String text, long padding, String prefix, String suffix) {
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        int frame = prefix.length() + suffix.length() + 1;
        if (padding > 0 && padding < frame) {
            // Too short for a comment: whitespace is valid in every document type we pad.
            return ByteRegion.concat(
                    ByteRegion.of(head), ByteRegion.of(" ".repeat((int) padding).getBytes(StandardCharsets.US_ASCII)));
        }
        long full = padding / LINE;
        long rest = padding % LINE;
        if (rest > 0 && rest < frame) {
            // Fold a too-short remainder into one longer last line.
            full -= 1;
            rest += LINE;
        }
        long lines = Math.max(0, full) + (rest > 0 ? 1 : 0);
        long fullLines = Math.max(0, full);
        long lastLength = rest;
        ByteRegion comments = new RecordRegion(lines, padding, (i, sink) -> {
            int length = i < fullLines ? LINE : (int) lastLength;
            sink.ascii(prefix).repeat('~', length - frame).ascii(suffix).u8('\n');
        });
        return ByteRegion.concat(ByteRegion.of(head), comments);
    }

    static long textLength(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
