package dev.kiln.provider.http;

/** Tells an archive by its content, not by a name or URL that may not say. */
public final class Archives {

    private Archives() {}

    /**
     * Whether {@code head} (the first bytes of a download) starts a zip archive: a local file header
     * ({@code PK\3\4}), the end record of an empty archive ({@code PK\5\6}) or a spanned archive's marker
     * ({@code PK\7\8}).
     */
    public static boolean isZip(byte[] head) {
        if (head == null || head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            return false;
        }
        return (head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8);
    }
}
