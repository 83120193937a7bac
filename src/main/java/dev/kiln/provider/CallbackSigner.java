package dev.kiln.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-job proof carried in a callback URL, for providers whose callbacks are unsigned: an
 * HMAC-SHA256 of provider, job id and step under a configured key. A forged or replayed-for-another-job
 * callback fails the check; the key itself never leaves this class.
 */
public final class CallbackSigner {
    public static final String JOB = "job";
    public static final String STEP = "step";
    public static final String SIGNATURE = "sig";

    private final String provider;
    private final SecretKeySpec key;

    public CallbackSigner(String provider, String signingKey) {
        this.provider = provider;
        this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The callback URL for one job step: {@code base} plus job, step and the proof as query parameters. */
    public String callbackUrl(String base, String jobId, String step) {
        return base + (base.contains("?") ? "&" : "?") + JOB + "=" + encode(jobId) + "&" + STEP + "=" + encode(step)
                + "&" + SIGNATURE + "=" + sign(jobId, step);
    }

    /** Whether the parameters carry a valid proof for their job and step (constant-time comparison). */
    public boolean verify(Map<String, String> parameters) {
        String jobId = parameters.get(JOB);
        String step = parameters.get(STEP);
        String signature = parameters.get(SIGNATURE);
        if (jobId == null || step == null || signature == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(jobId, step).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    String sign(String jobId, String step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((provider + "\n" + jobId + "\n" + step).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is not available", impossible);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "CallbackSigner[" + provider + "]";
    }
}
