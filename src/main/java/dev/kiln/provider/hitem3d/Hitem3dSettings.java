package dev.kiln.provider.hitem3d;

import dev.kiln.contract.JobRequest.ImageInput;
import java.util.List;

/**
 * A validated request in Hitem3D's terms.
 *
 * @param model the {@code model}
 * @param resolution the {@code resolution}
 * @param face the {@code face}, or null for the provider's default
 * @param requestType 1 mesh, 2 texture on {@code meshUrl}, 3 both (for a staged job: the final step's)
 * @param staged run mesh then texture as two steps of one job
 * @param meshUrl the mesh to texture, for {@code requestType} 2
 * @param format the output format name
 * @param formatCode Hitem3D's code for it
 * @param images the images in Hitem3D's order (front, back, left, right for multi-view)
 * @param viewBits {@code multi_images_bit}: which of front/back/left/right are present, e.g. {@code 1010}
 */
record Hitem3dSettings(
        String model,
        String resolution,
        Long face,
        int requestType,
        boolean staged,
        String meshUrl,
        String format,
        int formatCode,
        List<ImageInput> images,
        String viewBits) {

    boolean multiView() {
        return images.size() > 1;
    }
}
