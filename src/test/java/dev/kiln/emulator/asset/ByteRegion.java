package dev.kiln.emulator.asset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;

/**
 * A run of bytes of known length that is generated when read, never held whole in memory. Every asset is
 * a concatenation of small fixed parts (headers, JSON, textures) and large generated parts (vertices).
 */
public interface ByteRegion {

    long length();

    /**
     * A fresh stream over the bytes; each call starts from the beginning. Generated regions may reuse scratch
     * buffers: read one stream of an instance at a time (generate a new instance per download).
     */
    InputStream open();

    static ByteRegion of(byte[] bytes) {
        return new ByteRegion() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    static ByteRegion concat(List<ByteRegion> parts) {
        long total = parts.stream().mapToLong(ByteRegion::length).sum();
        return new ByteRegion() {
            @Override
            public long length() {
                return total;
            }

            @Override
            public InputStream open() {
                return new SequenceInputStream(Collections.enumeration(
                        parts.stream().map(ByteRegion::open).toList()));
            }
        };
    }

    static ByteRegion concat(ByteRegion... parts) {
        return concat(List.of(parts));
    }

    /** Reads the whole region into memory: only for small regions (tests, zip entries of a few KB). */
    default byte[] readAll() {
        if (length() > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("region too large to read whole: " + length());
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
