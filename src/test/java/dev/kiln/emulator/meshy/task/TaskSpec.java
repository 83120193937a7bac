package dev.kiln.emulator.meshy.task;

/**
 * What a create request asked for, fixed when the task is created.
 *
 * @param name the figure task's display name ("" when none)
 * @param cost credits charged at creation
 * @param texturePrompt echoed as {@code texture_prompt} ("" when none)
 * @param textureImageUrl echoed as {@code texture_image_url} ("" when none)
 * @param parentId the prototype a figure build was made from, else null
 */
public record TaskSpec(
        TaskKind kind,
        String name,
        int cost,
        TaskOutputs outputs,
        String texturePrompt,
        String textureImageUrl,
        String parentId) {}
