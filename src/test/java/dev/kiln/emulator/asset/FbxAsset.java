package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;

/**
 * Binary FBX 7.4 container: the "Kaydara FBX Binary" header, two top-level node records ({@code Creator}
 * and {@code KilnModel}, the latter with a raw-bytes property that fills the requested size), the null
 * record that ends the top-level list, and the usual footer. No scene graph: enough for a client to see
 * a well-formed FBX file, not a model viewer.
 */
final class FbxAsset {
    static final byte[] MAGIC = "Kaydara FBX Binary  \0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 7400;
    private static final int HEADER = MAGIC.length + 2 + 4;
    private static final int NULL_RECORD = 13;
    private static final byte[] FOOTER_ID = {
        (byte) 0xfa,
        (byte) 0xbc,
        (byte) 0xab,
        0x09,
        (byte) 0xd0,
        (byte) 0xc8,
        (byte) 0xd4,
        0x66,
        (byte) 0xb1,
        0x76,
        (byte) 0xfb,
        (byte) 0x83,
        0x1c,
        (byte) 0xf7,
        0x26,
        0x7e
    };
    private static final byte[] FOOTER_MAGIC = {
        (byte) 0xf8,
        0x5a,
        (byte) 0x8c,
        0x6a,
        (byte) 0xde,
        (byte) 0xf5,
        (byte) 0xd9,
        0x7e,
        (byte) 0xec,
        (byte) 0xe9,
        0x0c,
        (byte) 0xe3,
        0x75,
        (byte) 0x8f,
        0x29,
        0x0b
    };

    private FbxAsset() {}

    static ByteRegion create(AssetSpec spec) {
        byte[] creator = "Kiln provider emulator".getBytes(StandardCharsets.UTF_8);
        byte[] seed = spec.seed().getBytes(StandardCharsets.UTF_8);
        long creatorRecord = 13 + "Creator".length() + 5 + creator.length;
        long modelFixed = 13 + "KilnModel".length() + (5 + seed.length) + 5;
        long contentFixed = HEADER + creatorRecord + modelFixed;
        long minimumTail = NULL_RECORD + FOOTER_ID.length + 4 + 4 + 120 + FOOTER_MAGIC.length;
        long padding = Math.max(0, spec.sizeBytes() - contentFixed - minimumTail);
        while (padding > 0 && contentFixed + padding + tailLength(contentFixed + padding) > spec.sizeBytes()) {
            padding--;
        }
        long contentEnd = contentFixed + padding;

        ByteSink head = new ByteSink(512);
        head.bytes(MAGIC).u8(0x1a).u8(0x00).u32(VERSION);
        long creatorEnd = HEADER + creatorRecord;
        head.u32(creatorEnd)
                .u32(1)
                .u32(5 + creator.length)
                .u8("Creator".length())
                .ascii("Creator");
        head.u8('S').u32(creator.length).bytes(creator);
        long modelEnd = creatorEnd + modelFixed + padding;
        head.u32(modelEnd)
                .u32(2)
                .u32(5 + seed.length + 5 + padding)
                .u8("KilnModel".length())
                .ascii("KilnModel");
        head.u8('S').u32(seed.length).bytes(seed);
        head.u8('R').u32(padding);

        long finalPadding = padding;
        ByteRegion raw = new RecordRegion((padding + 4095) / 4096, padding, (i, sink) -> {
            int n = (int) Math.min(4096, finalPadding - i * 4096);
            for (int k = 0; k < n; k++) {
                sink.u8((int) ((i * 4096 + k) * 31 & 0xff));
            }
        });

        ByteSink tail = new ByteSink(256);
        tail.repeat(0, NULL_RECORD).bytes(FOOTER_ID).repeat(0, 4);
        tail.repeat(0, alignment(contentEnd + NULL_RECORD + FOOTER_ID.length + 4));
        tail.u32(VERSION).repeat(0, 120).bytes(FOOTER_MAGIC);
        return ByteRegion.concat(ByteRegion.of(head.toByteArray()), raw, ByteRegion.of(tail.toByteArray()));
    }

    /** The null record and footer after the last node ending at {@code contentEnd}. */
    private static long tailLength(long contentEnd) {
        long beforeAlignment = NULL_RECORD + FOOTER_ID.length + 4;
        return beforeAlignment + alignment(contentEnd + beforeAlignment) + 4 + 120 + FOOTER_MAGIC.length;
    }

    private static int alignment(long position) {
        return (int) ((16 - position % 16) % 16);
    }
}
