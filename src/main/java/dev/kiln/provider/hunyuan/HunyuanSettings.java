package dev.kiln.provider.hunyuan;

import dev.kiln.contract.JobRequest.ImageInput;
import java.util.List;

/** A validated request in Hunyuan's terms; null fields are left to the provider's defaults. */
record HunyuanSettings(
        String generateType,
        Long faceCount,
        String polygonType,
        Boolean enablePbr,
        String prompt,
        ImageInput mainImage,
        List<ImageInput> views) {}
