package dev.kiln.orchestration;

import dev.kiln.support.Requests;
import java.time.Instant;

/** Requests of the stage tests, each with a job id of its own; a deadline when one is given. */
final class StageRequests {

    private StageRequests() {}

    /** Meshy figure: two steps, its tasks can be canceled at the provider. */
    static String figure(String jobId, Instant deadline) {
        return """
                {"jobId":"%s","provider":"meshy-figure",
                 "input":{"images":[{"url":"https://photos.example/me.webp"}]},
                 "output":{"formats":["glb"]},"options":{"name":"me as a figure"}%s}"""
                .formatted(jobId, deadlineField(deadline));
    }

    /** Meshy Image-to-3D: one step, followed over SSE; its tasks cannot be canceled. */
    static String imageTo3d(String jobId, Instant deadline) {
        return """
                {"jobId":"%s","provider":"meshy-image-to-3d",
                 "input":{"images":[{"base64":"%s","mediaType":"image/png"}]},
                 "output":{"formats":["glb"]},"options":{"ai_model":"meshy-6"}%s}"""
                .formatted(jobId, Requests.SAMPLE_PNG, deadlineField(deadline));
    }

    /** Hunyuan 3D Pro: polled, never streamed. */
    static String hunyuan(String jobId, Instant deadline) {
        return """
                {"jobId":"%s","provider":"hunyuan3d-pro","input":{"prompt":"a ceramic teapot"},
                 "output":{"formats":["obj"]}%s}"""
                .formatted(jobId, deadlineField(deadline));
    }

    private static String deadlineField(Instant deadline) {
        return deadline == null ? "" : ",\"deadline\":\"" + deadline + "\"";
    }
}
