package dev.kiln.emulator.meshy.http;

import io.vertx.core.MultiMap;

/**
 * The list endpoints' query: {@code page_num} (from 1, default 1), {@code page_size} (default 10, at most 50),
 * {@code sort_by} ({@code +created_at} or {@code -created_at}, default newest first).
 */
public record PageQuery(int pageNum, int pageSize, boolean newestFirst) {

    public static final int MAX_PAGE_SIZE = 50;

    public static PageQuery parse(MultiMap params) {
        int pageNum = positiveInt(params.get("page_num"), 1, "page_num");
        int pageSize = positiveInt(params.get("page_size"), 10, "page_size");
        if (pageSize > MAX_PAGE_SIZE) {
            throw MeshyError.badRequest("page_size must be at most " + MAX_PAGE_SIZE);
        }
        String sortBy = params.get("sort_by");
        boolean newestFirst;
        if (sortBy == null || sortBy.equals("-created_at")) {
            newestFirst = true;
        } else if (sortBy.equals("+created_at") || sortBy.equals(" created_at")) {
            // A '+' left unencoded in a query string arrives as a space.
            newestFirst = false;
        } else {
            throw MeshyError.badRequest("sort_by must be +created_at or -created_at");
        }
        return new PageQuery(pageNum, pageSize, newestFirst);
    }

    private static int positiveInt(String raw, int defaultValue, String name) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw MeshyError.badRequest(name + " must be a positive integer");
    }
}
