package dev.kiln.provider;

import java.time.Instant;

/**
 * One file a finished task offers for download.
 *
 * @param role what the file is for
 * @param format the real file format, lower case (glb, obj, mtl, png, webp...), decided from the provider's
 *     format field, never from a label
 * @param name a stable name within the task, e.g. {@code model}, {@code texture_base_color}, {@code preview}
 * @param url where to fetch it; signed URLs stop working at {@code expiresAt}: ask the adapter again
 * @param expiresAt when the URL stops working, best known; null when the provider does not say
 * @param zipped true when the URL is expected to serve a zip archive holding the file and its companions
 *     (Hunyuan OBJ); the download decides by its first bytes ({@code Archives.isZip}), as a signed URL need not
 *     end in .zip
 */
public record OutputFile(OutputRole role, String format, String name, String url, Instant expiresAt, boolean zipped) {

    /** The URL without its query string: signed URLs carry credentials that must not reach logs. */
    public String redactedUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    @Override
    public String toString() {
        return "OutputFile[role=" + role + ", format=" + format + ", name=" + name + ", url=" + redactedUrl()
                + ", expiresAt=" + expiresAt + ", zipped=" + zipped + "]";
    }
}
