package dev.kiln.emulator.asset;

import java.time.Instant;

/**
 * What a verified asset URL stands for.
 *
 * @param provider the API that issued it
 * @param account the account it was issued to (may be null)
 * @param taskId the task it belongs to (may be null)
 * @param fileName the last path segment
 * @param spec what to generate
 * @param expires when the URL stops working
 * @param truncateAt close the connection after this many bytes (-1: never)
 */
public record AssetRef(
        String provider,
        String account,
        String taskId,
        String fileName,
        AssetSpec spec,
        Instant expires,
        long truncateAt) {}
