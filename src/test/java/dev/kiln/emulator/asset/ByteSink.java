package dev.kiln.emulator.asset;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for writing headers and records. */
final class ByteSink {
    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    ByteSink() {
        this(256);
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    void clear() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    ByteSink u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    ByteSink u16(int value) {
        return u8(value).u8(value >>> 8);
    }

    ByteSink u32(long value) {
        return u16((int) value & 0xffff).u16((int) (value >>> 16) & 0xffff);
    }

    ByteSink u32be(long value) {
        return u8((int) (value >>> 24))
                .u8((int) (value >>> 16))
                .u8((int) (value >>> 8))
                .u8((int) value);
    }

    ByteSink f32(float value) {
        ensure(4);
        int bits = Float.floatToRawIntBits(value);
        bytes[size] = (byte) bits;
        bytes[size + 1] = (byte) (bits >>> 8);
        bytes[size + 2] = (byte) (bits >>> 16);
        bytes[size + 3] = (byte) (bits >>> 24);
        size += 4;
        return this;
    }

    ByteSink f64(double value) {
        long bits = Double.doubleToRawLongBits(value);
        return u32(bits & 0xffffffffL).u32(bits >>> 32);
    }

    ByteSink u64(long value) {
        return u32(value & 0xffffffffL).u32(value >>> 32);
    }

    ByteSink bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    ByteSink bytes(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
        return this;
    }

    ByteSink ascii(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    ByteSink repeat(int value, int count) {
        ensure(count);
        Arrays.fill(bytes, size, size + count, (byte) value);
        size += count;
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
