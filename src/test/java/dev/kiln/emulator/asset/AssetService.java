package dev.kiln.emulator.asset;

import dev.kiln.emulator.scenario.Scenario;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks signed, expiring asset URLs of the form
 * {@code {base}/assets/{provider}/{fileName}?seed=..&format=..&size=..&textured=..&mesh=..&faces=..&pbr=..
 * &task=..&account=..&truncate=..&Expires=<epoch seconds>&Signature=<hex HMAC-SHA256>}. Everything but the signature is
 * signed. The route that serves them is {@link AssetRoutes}.
 */
public final class AssetService {
    /** The path prefix asset URLs live under. */
    public static final String PATH_PREFIX = "/assets/";

    private static final List<String> SIGNED = List.of(
            "seed", "format", "size", "textured", "mesh", "faces", "pbr", "task", "account", "truncate", "Expires");

    private final Clock clock;
    private final byte[] key;
    private final Supplier<String> baseUrl;
    /** "provider/taskId" of tasks whose files the vendor deleted: their URLs answer 404. */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public AssetService(Clock clock, String signingKey, Supplier<String> baseUrl) {
        this.clock = clock;
        this.key = signingKey.getBytes(StandardCharsets.UTF_8);
        this.baseUrl = baseUrl;
    }

    /**
     * A URL for {@code spec} that expires after {@code ttl}, or after the scenario's {@code urlTtlSeconds}
     * when set, and is cut short at the scenario's {@code truncateAtBytes} when set.
     */
    public String url(
            String provider,
            String account,
            String taskId,
            String fileName,
            AssetSpec spec,
            Duration ttl,
            Scenario scenario) {
        Duration effectiveTtl = scenario.urlTtl().orElse(ttl);
        long truncate = scenario.truncateAtBytes().orElse(-1);
        return url(provider, account, taskId, fileName, spec, clock.instant().plus(effectiveTtl), truncate);
    }

    /** A URL for {@code spec} that expires at {@code expires}. */
    public String url(
            String provider,
            String account,
            String taskId,
            String fileName,
            AssetSpec spec,
            Instant expires,
            long truncateAt) {
        String path = PATH_PREFIX + encode(provider) + "/" + encode(fileName);
        Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("seed", spec.seed());
        params.put("format", spec.format().wireName());
        params.put("size", Long.toString(spec.sizeBytes()));
        params.put("textured", spec.textured() ? "1" : "0");
        params.put("mesh", spec.geometry().seed());
        params.put("faces", Long.toString(spec.geometry().faces()));
        params.put("pbr", spec.pbr() ? "1" : "0");
        params.put("task", taskId == null ? "" : taskId);
        params.put("account", account == null ? "" : account);
        params.put("truncate", Long.toString(truncateAt));
        params.put("Expires", Long.toString(expires.getEpochSecond()));
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.length() == 0 ? "" : "&")
                .append(name)
                .append('=')
                .append(encode(value)));
        String signature = sign(path, params::get);
        return baseUrl.get() + path + "?" + query + "&Signature=" + signature;
    }

    /**
     * Deletes a task's files for good, as a vendor's delete call does: every URL issued for the task then
     * answers 404 (a valid signature does not bring a deleted object back; an expired one is still 403,
     * as an object store checks the signature first).
     */
    public void deleteTaskFiles(String provider, String taskId) {
        deleted.add(provider + "/" + taskId);
    }

    /** Whether the task this reference belongs to had its files deleted. */
    public boolean isDeleted(AssetRef ref) {
        return ref.taskId() != null && deleted.contains(ref.provider() + "/" + ref.taskId());
    }

    /** Forgets deletions (emulator reset). */
    public void clearDeleted() {
        deleted.clear();
    }

    /** Why a URL was refused. */
    public enum Refusal {
        BAD_SIGNATURE,
        EXPIRED
    }

    /** A verified reference, or the reason it was refused. */
    public record Verification(AssetRef ref, Refusal refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    /** Checks a request's path and query parameters. */
    public Verification verify(String path, MultiMap query, boolean checkExpiry) {
        String signature = query.get("Signature");
        if (signature == null || !path.startsWith(PATH_PREFIX)) {
            return new Verification(null, Refusal.BAD_SIGNATURE);
        }
        String expected = sign(path, query::get);
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Verification(null, Refusal.BAD_SIGNATURE);
        }
        AssetRef ref;
        try {
            String[] segments = path.substring(PATH_PREFIX.length()).split("/", 2);
            AssetSpec spec = new AssetSpec(
                    query.get("seed"),
                    AssetFormat.fromWireName(query.get("format")),
                    Long.parseLong(query.get("size")),
                    "1".equals(query.get("textured")),
                    new Geometry(query.get("mesh"), Long.parseLong(query.get("faces"))),
                    "1".equals(query.get("pbr")));
            ref = new AssetRef(
                    decode(segments[0]),
                    emptyToNull(query.get("account")),
                    emptyToNull(query.get("task")),
                    segments.length > 1 ? decode(segments[1]) : "",
                    spec,
                    Instant.ofEpochSecond(Long.parseLong(query.get("Expires"))),
                    Long.parseLong(query.get("truncate")));
        } catch (RuntimeException e) {
            return new Verification(null, Refusal.BAD_SIGNATURE);
        }
        if (checkExpiry && clock.instant().isAfter(ref.expires())) {
            return new Verification(ref, Refusal.EXPIRED);
        }
        return new Verification(ref, null);
    }

    /**
     * Whether {@code url} is an asset URL this emulator issued (signature valid; expiry not checked, as
     * a vendor accepts its own older URLs as staged-generation input). Empty when not ours.
     */
    public Optional<AssetRef> issued(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawPath() == null || uri.getRawQuery() == null) {
                return Optional.empty();
            }
            MultiMap query = MultiMap.caseInsensitiveMultiMap();
            new QueryStringDecoder(uri.getRawQuery(), false)
                    .parameters()
                    .forEach((name, values) -> query.add(name, values));
            Verification verification = verify(uri.getRawPath(), query, false);
            return verification.ok() ? Optional.of(verification.ref()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String sign(String path, java.util.function.Function<String, String> param) {
        StringBuilder canonical = new StringBuilder(path);
        for (String name : SIGNED) {
            String value = param.apply(name);
            canonical.append('\n').append(name).append('=').append(value == null ? "" : value);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
