package dev.kiln.support;

import dev.kiln.provider.TestImages;
import java.util.Base64;
import java.util.UUID;

/** Request payloads as upstream services would write them. */
public final class Requests {

    /** A real 256×256 PNG, base64: within every provider's documented pixel limits (Hunyuan: 128–5000 px). */
    public static final String SAMPLE_PNG = Base64.getEncoder().encodeToString(TestImages.png(256, 256));

    private Requests() {}

    /** A job id no other test uses. */
    public static String newJobId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A valid request for {@code meshy-image-to-3d} with one image by URL. */
    public static String valid(String jobId) {
        return """
                {"jobId":"%s","provider":"meshy-image-to-3d",
                 "input":{"images":[{"url":"https://images.example.com/chair.png?sig=abc","view":"front"}]},
                 "output":{"formats":["glb","obj"]},
                 "options":{"ai_model":"meshy-6"},
                 "labels":{"tenant":"acme","order":"42"}}"""
                .formatted(jobId);
    }

    /** A valid request with an inline image. */
    public static String validInline(String jobId, String provider) {
        return """
                {"jobId":"%s","provider":"%s",
                 "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
                 "output":{"formats":["glb"]},
                 "labels":{"tenant":"acme"}}"""
                .formatted(jobId, provider, SAMPLE_PNG);
    }
}
