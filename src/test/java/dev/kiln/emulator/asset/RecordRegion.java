package dev.kiln.emulator.asset;

import java.io.InputStream;

/**
 * {@code count} records written one after another by a {@link Writer}, generated a buffer at a time as
 * the stream is read. The caller states the total length, which the records must add up to.
 */
final class RecordRegion implements ByteRegion {
    private static final int BUFFER = 64 * 1024;

    /** Writes record {@code index} into the sink. */
    @FunctionalInterface
    interface Writer {
        void write(long index, ByteSink sink);
    }

    private final long count;
    private final long length;
    private final Writer writer;

    RecordRegion(long count, long length, Writer writer) {
        this.count = count;
        this.length = length;
        this.writer = writer;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream open() {
        return new InputStream() {
            private final ByteSink sink = new ByteSink(BUFFER + 1024);
            private long next;
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= sink.size() && !refill()) {
                    return -1;
                }
                int n = Math.min(len, sink.size() - position);
                System.arraycopy(sink.array(), position, target, offset, n);
                position += n;
                return n;
            }

            private boolean refill() {
                sink.clear();
                position = 0;
                while (next < count && sink.size() < BUFFER) {
                    writer.write(next++, sink);
                }
                return sink.size() > 0;
            }
        };
    }
}
