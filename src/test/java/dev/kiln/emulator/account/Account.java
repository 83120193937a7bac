package dev.kiln.emulator.account;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One customer account of one provider: its credentials (named by the API, e.g. {@code clientId},
 * {@code clientSecret}, {@code apiKey}), credit balance, concurrency limit and free-form settings.
 */
public final class Account {
    private final String provider;
    private final String id;
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private final JsonObject settings = new JsonObject();
    private BigDecimal balance;
    private int concurrency;

    public Account(String provider, String id, BigDecimal balance, int concurrency) {
        this.provider = provider;
        this.id = id;
        this.balance = balance;
        this.concurrency = concurrency;
    }

    public String provider() {
        return provider;
    }

    public String id() {
        return id;
    }

    public Account credential(String name, String value) {
        credentials.put(name, value);
        return this;
    }

    public Optional<String> credential(String name) {
        return Optional.ofNullable(credentials.get(name));
    }

    public synchronized BigDecimal balance() {
        return balance;
    }

    public synchronized void balance(BigDecimal balance) {
        this.balance = balance;
    }

    /** Takes {@code amount} if the balance covers it; false (and nothing taken) otherwise. */
    public synchronized boolean charge(BigDecimal amount) {
        if (balance.compareTo(amount) < 0) {
            return false;
        }
        balance = balance.subtract(amount);
        return true;
    }

    public synchronized void refund(BigDecimal amount) {
        balance = balance.add(amount);
    }

    /** How many of this account's tasks may run at once; the rest wait in the queue. */
    public synchronized int concurrency() {
        return concurrency;
    }

    public synchronized void concurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    /** Free-form, API-specific settings (mutable). */
    public JsonObject settings() {
        return settings;
    }

    /** The admin view. Credentials are listed by name only. */
    public synchronized JsonObject toJson() {
        return new JsonObject()
                .put("provider", provider)
                .put("id", id)
                .put(
                        "credentials",
                        new io.vertx.core.json.JsonArray(
                                credentials.keySet().stream().sorted().toList()))
                .put("balance", balance.toPlainString())
                .put("concurrency", concurrency)
                .put("settings", settings.copy());
    }

    /** Applies an admin update: {@code balance}, {@code concurrency}, {@code credentials}, {@code settings}. */
    public synchronized void update(JsonObject changes) {
        if (changes.containsKey("balance")) {
            balance = new BigDecimal(String.valueOf(changes.getValue("balance")));
        }
        if (changes.containsKey("concurrency")) {
            concurrency = changes.getInteger("concurrency");
        }
        JsonObject newCredentials = changes.getJsonObject("credentials");
        if (newCredentials != null) {
            newCredentials.forEach(entry -> credentials.put(entry.getKey(), String.valueOf(entry.getValue())));
        }
        JsonObject newSettings = changes.getJsonObject("settings");
        if (newSettings != null) {
            settings.mergeIn(newSettings);
        }
    }
}
