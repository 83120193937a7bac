package dev.kiln.emulator.meshy;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.meshy.http.TaskStreamer;
import dev.kiln.emulator.meshy.task.MeshyTasks;
import dev.kiln.emulator.meshy.task.TaskViews;

/** What every Meshy route works with, built once when the API is mounted. */
public record MeshyRuntime(
        EmulatorContext ctx, MeshyAccounts accounts, MeshyTasks tasks, TaskViews views, TaskStreamer streamer) {}
