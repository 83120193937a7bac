package dev.kiln.emulator.meshy;

import dev.kiln.emulator.meshy.account.MeshyAccount;

/** Who made a request: the account behind the bearer key, and the key itself. */
public record Caller(MeshyAccount account, String apiKey) {}
