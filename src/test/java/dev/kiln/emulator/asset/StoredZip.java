package dev.kiln.emulator.asset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A zip archive whose entries are stored (not compressed), so its length is known before a byte is
 * generated. Entry data can be aligned (USDZ wants 64 bytes) with an extra field in the local header.
 * The CRC of each entry is computed by reading it once when the archive is opened. No zip64: the archive
 * stays below 4 GiB.
 */
final class StoredZip implements ByteRegion {
    private static final long LIMIT = 0xffffffffL;
    private static final int DOS_DATE = (1 << 5) | 1; // 1980-01-01, so the bytes never depend on the clock
    private static final int PADDING_FIELD = 0xa220; // an unassigned extra field id used for alignment padding

    record Entry(String name, ByteRegion data) {}

    private final List<Entry> entries;
    private final int alignment;
    private final long length;

    StoredZip(List<Entry> entries, int alignment) {
        this.entries = List.copyOf(entries);
        this.alignment = alignment;
        this.length = layout(null).length;
        if (length > LIMIT) {
            throw new IllegalArgumentException("zip archives are limited to 4 GiB here");
        }
    }

    /** The archive length for entries of these lengths, without generating them. */
    static long lengthOf(List<String> names, List<Long> sizes, int alignment) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            long size = sizes.get(i);
            entries.add(new Entry(names.get(i), new ByteRegion() {
                @Override
                public long length() {
                    return size;
                }

                @Override
                public InputStream open() {
                    throw new UnsupportedOperationException();
                }
            }));
        }
        return new StoredZip(entries, alignment).length();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream open() {
        long[] crcs = new long[entries.size()];
        for (int i = 0; i < crcs.length; i++) {
            crcs[i] = crc(entries.get(i).data());
        }
        return layout(crcs).region().open();
    }

    private record Layout(long length, ByteRegion region) {}

    /** Lays out the archive; with {@code crcs} null only the length is meaningful. */
    private Layout layout(long[] crcs) {
        List<ByteRegion> parts = new ArrayList<>();
        ByteSink central = new ByteSink(1024);
        long offset = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            long crc = crcs == null ? 0 : crcs[i];
            long size = entry.data().length();
            int extra = 0;
            if (alignment > 1) {
                long dataStart = offset + 30 + name.length;
                int gap = (int) ((alignment - dataStart % alignment) % alignment);
                extra = gap == 0 ? 0 : (gap < 4 ? gap + alignment : gap);
            }
            ByteSink local = new ByteSink(64 + name.length + extra);
            local.u32(0x04034b50).u16(10).u16(0x0800).u16(0).u16(0).u16(DOS_DATE);
            local.u32(crc).u32(size).u32(size).u16(name.length).u16(extra).bytes(name);
            if (extra > 0) {
                local.u16(PADDING_FIELD).u16(extra - 4).repeat(0, extra - 4);
            }
            central.u32(0x02014b50).u16(20).u16(10).u16(0x0800).u16(0).u16(0).u16(DOS_DATE);
            central.u32(crc)
                    .u32(size)
                    .u32(size)
                    .u16(name.length)
                    .u16(0)
                    .u16(0)
                    .u16(0)
                    .u16(0)
                    .u32(0);
            central.u32(offset).bytes(name);
            parts.add(ByteRegion.of(local.toByteArray()));
            parts.add(entry.data());
            offset += local.size() + size;
        }
        long centralStart = offset;
        central.u32(0x06054b50).u16(0).u16(0).u16(entries.size()).u16(entries.size());
        central.u32(central.size() - 0L).u32(centralStart).u16(0);
        // The size field above counted itself and the end record; correct it to the directory only.
        byte[] directory = central.toByteArray();
        long directoryLength = directory.length - 22;
        writeU32(directory, directory.length - 10, directoryLength);
        parts.add(ByteRegion.of(directory));
        return new Layout(centralStart + directory.length, ByteRegion.concat(parts));
    }

    private static void writeU32(byte[] bytes, int at, long value) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    private static long crc(ByteRegion data) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = data.open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return crc.getValue();
    }
}
