package dev.kiln.provider.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provider adapters: endpoints, credentials, clients, rate limits and each provider's rules. */
@ConfigMapping(prefix = "kiln.providers")
public interface ProvidersConfig {

    Hitem3d hitem3d();

    Hunyuan hunyuan();

    Meshy meshy();

    /** Hitem3D ({@code hitem3d}). */
    interface Hitem3d {
        /** The account key its concurrency budget, request rate and pauses are kept under (shared by replicas). */
        @WithDefault("hitem3d")
        String account();

        /** Hitem3D API root. */
        @WithDefault("https://api.hitem3d.ai")
        String baseUrl();

        /** Client id (console AccessKey) for the token exchange. */
        Optional<String> clientId();

        /** Client secret (console SecretKey) for the token exchange. */
        Optional<String> clientSecret();

        /** A static access token, used instead of the exchange when set. */
        Optional<String> accessToken();

        /** How long an exchanged token lives (Hitem3D: 24 h, not reported by the API). */
        @WithDefault("24H")
        Duration tokenLifetime();

        /** Refresh a token this long before it ends. */
        @WithDefault("1H")
        Duration tokenRefreshMargin();

        /** Body codes that mean the token was refused (the token is refreshed and the call retried once). */
        @WithDefault("40010000")
        List<String> authFailureCodes();

        /** Public base URL of Kiln's Hitem3D callback endpoint; no callback is requested when unset. */
        Optional<String> callbackBaseUrl();

        /** Key for the per-job proof carried in the callback URL (HMAC-SHA256); required for callbacks. */
        Optional<String> callbackSigningKey();

        /** Model used when a request names none. */
        @WithDefault("hitem3dv1.5")
        String defaultModel();

        /** Models and their rules (defaults in application.properties; add models without a release). */
        Map<String, Hitem3dModel> models();

        /** Output format name to Hitem3D's {@code format} code; one format per task. */
        Map<String, Integer> formatCodes();

        /** Format used when a request names none. */
        @WithDefault("obj")
        String defaultFormat();

        /** Smallest allowed {@code face}. */
        @WithDefault("100000")
        int faceMin();

        /** Largest allowed {@code face}. */
        @WithDefault("2000000")
        int faceMax();

        /** Largest input image, in bytes. */
        @WithDefault("20971520")
        long maxImageBytes();

        /** Send {@code multi_images_bit} (newer API) so any subset of views works; else views must come in order. */
        @WithDefault("false")
        boolean sendMultiImagesBit();

        /** How long result URLs stay valid after a query. */
        @WithDefault("1H")
        Duration resultUrlLifetime();

        /** Concurrent tasks the account may run. */
        @WithDefault("10")
        int maxConcurrentTasks();

        HttpClientConfig http();

        RateLimitConfig rateLimit();
    }

    /** Rules for one Hitem3D model. */
    interface Hitem3dModel {
        /** Allowed {@code resolution} values. */
        List<String> resolutions();

        /** Resolution used when a request names none. */
        Optional<String> defaultResolution();

        /** Whether the model supports {@code request_type} 2 (texture on an earlier mesh). */
        @WithDefault("true")
        boolean textureStage();
    }

    /** Hunyuan 3D Pro through the aggregator ({@code hunyuan3d-pro}). */
    interface Hunyuan {
        /** The account key its concurrency budget, request rate and pauses are kept under (shared by replicas). */
        @WithDefault("hunyuan3d-pro")
        String account();

        /** Aggregator API root (no public default: the aggregator is chosen per deployment). */
        Optional<String> baseUrl();

        /** API key (Bearer). */
        Optional<String> apiKey();

        /** Model id sent as {@code model}. */
        @WithDefault("tencent_hunyuan_3d_pro")
        String modelId();

        /** Create path. */
        @WithDefault("/model/v1/generation")
        String createPath();

        /** Poll path; {@code {id}} is replaced by the task id. */
        @WithDefault("/model/v1/generation/task/{id}")
        String statusPath();

        /**
         * How the aggregator writes {@code progress}: {@code percent} (0–100, as seed 002's examples and the
         * emulator's default) or {@code fraction} (0–1, seen in other clients). One number cannot tell which.
         */
        @WithDefault("percent")
        ProgressScale progressScale();

        enum ProgressScale {
            PERCENT,
            FRACTION
        }

        /** Wrap parameters as {@code {model, input:[{...}]}} instead of sending them flat. */
        @WithDefault("false")
        boolean wrapInput();

        /** Smallest allowed {@code face_count}. */
        @WithDefault("3000")
        int faceCountMin();

        /** Largest allowed {@code face_count}. */
        @WithDefault("1500000")
        int faceCountMax();

        /** Longest prompt, in characters. */
        @WithDefault("1024")
        int promptMaxLength();

        /** Largest inline main image, in bytes. */
        @WithDefault("8388608")
        long maxImageBytes();

        /** Shortest side an input image may have, in pixels (seed 002: 128). */
        @WithDefault("128")
        int imageSideMin();

        /** Longest side an input image may have, in pixels (seed 002: 5000). */
        @WithDefault("5000")
        int imageSideMax();

        /** Largest total of inline extra views, in bytes (raw). */
        @WithDefault("6291456")
        long maxMultiViewBytes();

        /** Output formats the service delivers. */
        @WithDefault("glb,obj")
        List<String> formats();

        /** How long result URLs stay valid after the task completes. */
        @WithDefault("24H")
        Duration resultUrlLifetime();

        /** Concurrent tasks the account may run. */
        @WithDefault("3")
        int maxConcurrentTasks();

        HttpClientConfig http();

        RateLimitConfig rateLimit();
    }

    /** Meshy: Image to 3D, Multi-Image to 3D and Creative Lab figure share one account and client. */
    interface Meshy {
        /** The account key its concurrency budget, request rate and pauses are kept under (shared by replicas). */
        @WithDefault("meshy")
        String account();

        /** Meshy API root. */
        @WithDefault("https://api.meshy.ai")
        String baseUrl();

        /** API key (Bearer). */
        Optional<String> apiKey();

        /** Smallest allowed {@code target_polycount}. */
        @WithDefault("100")
        int polycountMin();

        /** Largest allowed {@code target_polycount}. */
        @WithDefault("300000")
        int polycountMax();

        /** Longest {@code texture_prompt}. */
        @WithDefault("600")
        int texturePromptMaxLength();

        /** Longest figure {@code name}. */
        @WithDefault("100")
        int figureNameMaxLength();

        /** Largest page the list endpoints allow. */
        @WithDefault("50")
        int listPageSizeMax();

        /** An SSE stream silent for this long is dropped and reopened. */
        @WithDefault("30S")
        Duration sseIdleTimeout();

        /** SSE reopen attempts before falling back to polling. */
        @WithDefault("3")
        int sseMaxReconnects();

        /** Pause before reopening a dropped SSE stream. */
        @WithDefault("1S")
        Duration sseReconnectDelay();

        /** Poll interval once SSE is given up. */
        @WithDefault("5S")
        Duration pollInterval();

        /** Wait used for a 429 without {@code Retry-After}. */
        @WithDefault("1S")
        Duration defaultRetryAfter();

        /** Concurrent (queued + running) tasks the account may have. */
        @WithDefault("10")
        int maxConcurrentTasks();

        HttpClientConfig http();

        RateLimitConfig rateLimit();
    }
}
