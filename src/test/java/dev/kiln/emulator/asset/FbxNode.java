package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One node record of a binary FBX 7.4 file: name, properties, nested records. A record is laid out as
 * {@code u32 endOffset, u32 propertyCount, u32 propertyBytes, u8 nameLength, name, properties, children}
 * and, when it has children, a 13-byte null record closing the child list. {@code endOffset} is absolute,
 * so lengths are computed before anything is written. Array properties are stored uncompressed
 * (encoding 0) and generated as they are read, so a node can describe a mesh of any size.
 */
final class FbxNode {
    /** The null record: closes a child list, and the top-level list. */
    static final int NULL_RECORD = 13;

    private final String name;
    private final List<Property> properties = new ArrayList<>();
    private final List<FbxNode> children = new ArrayList<>();

    /** A property: its fixed bytes, then generated data (arrays only). */
    private record Property(byte[] inline, ByteRegion data) {
        long length() {
            return inline.length + (data == null ? 0 : data.length());
        }
    }

    /**
     * A node with properties: {@link Integer} → {@code I}, {@link Long} → {@code L}, {@link Double} →
     * {@code D}, {@link Boolean} → {@code C}, {@link String} → {@code S}, {@code byte[]} → {@code R}.
     */
    FbxNode(String name, Object... values) {
        this.name = name;
        for (Object value : values) {
            properties.add(new Property(scalar(value), null));
        }
    }

    /** Adds a child and returns this node. */
    FbxNode add(FbxNode child) {
        children.add(child);
        return this;
    }

    /** Adds a child {@code name} with these properties and returns this node. */
    FbxNode add(String name, Object... values) {
        return add(new FbxNode(name, values));
    }

    /**
     * Adds an array property: {@code d} (f64) or {@code i} (i32) elements, written {@code perRecord} at a
     * time by {@code writer} for records {@code 0..records-1}.
     */
    FbxNode array(char type, long records, int perRecord, RecordRegion.Writer writer) {
        int elementSize =
                switch (type) {
                    case 'd' -> 8;
                    case 'i' -> 4;
                    default -> throw new IllegalArgumentException("array type " + type);
                };
        long elements = records * perRecord;
        long bytes = elements * elementSize;
        if (elements > 0xffffffffL || bytes > 0xffffffffL) {
            throw new IllegalArgumentException("array too large for FBX 7.4: " + elements);
        }
        byte[] head = new ByteSink(13).u8(type).u32(elements).u32(0).u32(bytes).toByteArray();
        properties.add(new Property(head, new RecordRegion(records, bytes, writer)));
        return this;
    }

    /** The record's length in bytes, children and closing null record included. */
    long length() {
        long length = NULL_RECORD + name.length() + propertyBytes();
        for (FbxNode child : children) {
            length += child.length();
        }
        return children.isEmpty() ? length : length + NULL_RECORD;
    }

    /** Appends this record, which starts at absolute offset {@code start}, to {@code out}. */
    void write(long start, Output out) {
        long end = start + length();
        if (end > 0xffffffffL) {
            throw new IllegalStateException("FBX 7.4 offsets are 32-bit: file too large");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        out.sink()
                .u32(end)
                .u32(properties.size())
                .u32(propertyBytes())
                .u8(nameBytes.length)
                .bytes(nameBytes);
        for (Property property : properties) {
            out.sink().bytes(property.inline());
            if (property.data() != null) {
                out.region(property.data());
            }
        }
        long position = start + NULL_RECORD + nameBytes.length + propertyBytes();
        for (FbxNode child : children) {
            child.write(position, out);
            position += child.length();
        }
        if (!children.isEmpty()) {
            out.sink().repeat(0, NULL_RECORD);
        }
    }

    private long propertyBytes() {
        return properties.stream().mapToLong(Property::length).sum();
    }

    private static byte[] scalar(Object value) {
        ByteSink sink = new ByteSink(16);
        if (value instanceof Integer i) {
            sink.u8('I').u32(i);
        } else if (value instanceof Long l) {
            sink.u8('L').u64(l);
        } else if (value instanceof Double d) {
            sink.u8('D').f64(d);
        } else if (value instanceof Boolean b) {
            sink.u8('C').u8(b ? 1 : 0);
        } else if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            sink.u8('S').u32(bytes.length).bytes(bytes);
        } else if (value instanceof byte[] raw) {
            sink.u8('R').u32(raw.length).bytes(raw);
        } else {
            throw new IllegalArgumentException("no FBX property type for " + value);
        }
        return sink.toByteArray();
    }

    /** Collects a file as small written parts and generated regions, in order. */
    static final class Output {
        private final List<ByteRegion> parts = new ArrayList<>();
        private ByteSink sink = new ByteSink(4096);

        ByteSink sink() {
            return sink;
        }

        void region(ByteRegion region) {
            flush();
            parts.add(region);
        }

        ByteRegion toRegion() {
            flush();
            return ByteRegion.concat(List.copyOf(parts));
        }

        private void flush() {
            if (sink.size() > 0) {
                parts.add(ByteRegion.of(sink.toByteArray()));
                sink = new ByteSink(4096);
            }
        }
    }
}
