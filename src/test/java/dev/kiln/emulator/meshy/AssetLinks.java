package dev.kiln.emulator.meshy;

/** Makes the signed, expiring download URL of one output file of a task. */
@FunctionalInterface
public interface AssetLinks {

    /**
     * @param fileName a file name from {@link dev.kiln.emulator.meshy.task.TaskOutputs}, e.g. {@code model.glb}
     * @param expiresAtMillis when the URL stops working (epoch ms); carried in the URL as {@code Expires=}
     */
    String link(String taskId, String fileName, long expiresAtMillis);
}
