package dev.kiln.provider;

/** What an output file is for. */
public enum OutputRole {
    /** A 3D model in one of the requested formats (or an archive holding one). */
    MODEL,
    /** An extra model the provider kept, e.g. Meshy's mesh before remeshing. */
    EXTRA_MODEL,
    /** An OBJ's material library. */
    MATERIAL,
    /** A texture map (base colour, metallic, normal, roughness, emission). */
    TEXTURE,
    /** A preview or cover image of the model. */
    PREVIEW,
    /** An intermediate image, e.g. Meshy figure's concept image. */
    CONCEPT_IMAGE
}
