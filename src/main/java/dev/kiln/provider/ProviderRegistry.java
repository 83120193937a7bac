package dev.kiln.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The adapters of this deployment by provider name; dispatch and tracking look adapters up here. */
public final class ProviderRegistry implements AutoCloseable {
    private final Map<String, ProviderAdapter> adapters;

    public ProviderRegistry(List<ProviderAdapter> adapters) {
        this.adapters =
                adapters.stream().collect(Collectors.toUnmodifiableMap(ProviderAdapter::provider, Function.identity()));
    }

    public Optional<ProviderAdapter> adapter(String provider) {
        return Optional.ofNullable(adapters.get(provider));
    }

    public Collection<ProviderAdapter> all() {
        return adapters.values();
    }

    @Override
    public void close() {
        adapters.values().forEach(ProviderAdapter::close);
    }
}
