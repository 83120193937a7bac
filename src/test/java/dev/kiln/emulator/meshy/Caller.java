package dev.kiln.emulator.meshy;

import dev.kiln.emulator.account.Account;

/** Who made a request: the account behind the bearer key, and the key itself. */
public record Caller(Account account, String apiKey) {}
