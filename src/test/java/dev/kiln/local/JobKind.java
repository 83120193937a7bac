package dev.kiln.local;

import dev.kiln.support.Requests;
import java.util.List;

/**
 * The provider kinds and multi-step kinds a crash test runs, each with its steps and a valid request: the requests
 * of {@code JobsRunToGeneratedTest}, so every kind is one the emulator runs to its end.
 */
enum JobKind {
    HITEM3D(
            "hitem3d",
            List.of("generate"),
            """
            {"jobId":"%s","provider":"hitem3d",
             "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
             "output":{"formats":["glb"]},"options":{"model":"hitem3dv1.5","resolution":"1024"}}"""),
    HITEM3D_STAGED(
            "hitem3d",
            List.of("mesh", "texture"),
            """
            {"jobId":"%s","provider":"hitem3d",
             "input":{"images":[{"base64":"%s","mediaType":"image/png","view":"front"}]},
             "output":{"formats":["glb"]},"options":{"staged":true}}"""),
    HUNYUAN(
            "hunyuan3d-pro",
            List.of("generate"),
            """
            {"jobId":"%s","provider":"hunyuan3d-pro","input":{"prompt":"a ceramic teapot"},
             "output":{"formats":["obj"]}}"""),
    MESHY_IMAGE(
            "meshy-image-to-3d",
            List.of("generate"),
            """
            {"jobId":"%s","provider":"meshy-image-to-3d",
             "input":{"images":[{"base64":"%s","mediaType":"image/png"}]},
             "output":{"formats":["glb","obj"]},"options":{"ai_model":"meshy-6"}}"""),
    MESHY_MULTI_IMAGE(
            "meshy-multi-image-to-3d",
            List.of("generate"),
            """
            {"jobId":"%s","provider":"meshy-multi-image-to-3d",
             "input":{"images":[{"url":"https://photos.example/front.png"},
                                {"url":"https://photos.example/back.png"}]},
             "output":{"formats":["glb"]}}"""),
    MESHY_FIGURE(
            "meshy-figure",
            List.of("prototype", "build"),
            """
            {"jobId":"%s","provider":"meshy-figure",
             "input":{"images":[{"url":"https://photos.example/me.webp"}]},
             "output":{"formats":["glb"]},"options":{"name":"me as a figure"}}""");

    static final List<JobKind> SINGLE_STEP = List.of(HITEM3D, HUNYUAN, MESHY_IMAGE, MESHY_MULTI_IMAGE);

    static final List<JobKind> MESHY = List.of(MESHY_IMAGE, MESHY_MULTI_IMAGE, MESHY_FIGURE);

    final String provider;
    final List<String> steps;
    private final String template;

    JobKind(String provider, List<String> steps, String template) {
        this.provider = provider;
        this.steps = steps;
        this.template = template;
    }

    /** The request for job {@code jobId} (templates without an inline image ignore the image). */
    String request(String jobId) {
        return template.formatted(jobId, Requests.SAMPLE_PNG);
    }
}
