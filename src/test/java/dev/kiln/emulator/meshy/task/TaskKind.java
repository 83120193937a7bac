package dev.kiln.emulator.meshy.task;

/** The kinds of task the emulated Meshy APIs create; {@link #type()} is the task object's {@code type}. */
public enum TaskKind {
    IMAGE_TO_3D("image-to-3d"),
    MULTI_IMAGE_TO_3D("multi-image-to-3d"),
    FIGURE_PROTOTYPE("creative-lab-figure-prototype"),
    FIGURE_BUILD("creative-lab-figure-build");

    private final String type;

    TaskKind(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
