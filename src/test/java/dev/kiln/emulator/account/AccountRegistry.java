package dev.kiln.emulator.account;

import io.vertx.core.json.JsonArray;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The accounts of every emulated provider. APIs register their defaults in {@code reset}. */
public final class AccountRegistry {
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    public Account register(Account account) {
        accounts.put(key(account.provider(), account.id()), account);
        return account;
    }

    public Optional<Account> find(String provider, String id) {
        return Optional.ofNullable(accounts.get(key(provider, id)));
    }

    /** Finds or creates an account (balance 0, concurrency 10) for admin calls that name a new one. */
    public Account findOrCreate(String provider, String id) {
        return accounts.computeIfAbsent(key(provider, id), key -> new Account(provider, id, BigDecimal.ZERO, 10));
    }

    /** The account of {@code provider} whose credential {@code name} equals {@code value}. */
    public Optional<Account> findByCredential(String provider, String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return accounts.values().stream()
                .filter(account -> account.provider().equals(provider))
                .filter(account -> account.credential(name).map(value::equals).orElse(false))
                .findFirst();
    }

    /** The concurrency limit of an account; unlimited when the account is unknown. */
    public int concurrency(String provider, String id) {
        return find(provider, id).map(Account::concurrency).orElse(Integer.MAX_VALUE);
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        accounts.values().stream()
                .sorted((a, b) -> key(a.provider(), a.id()).compareTo(key(b.provider(), b.id())))
                .forEach(account -> array.add(account.toJson()));
        return array;
    }

    public void clear() {
        accounts.clear();
    }

    private static String key(String provider, String id) {
        return provider + "/" + id;
    }
}
