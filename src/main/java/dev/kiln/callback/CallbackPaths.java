package dev.kiln.callback;

import dev.kiln.provider.config.ProvidersConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import org.jboss.logging.Logger;

/**
 * The path Kiln serves provider callbacks on, and a check at start that the configured callback URL names it:
 * a Hitem3D callback URL pointing anywhere else would be refused or lost, and its jobs could then only be
 * reconciled by an operator.
 */
@ApplicationScoped
public class CallbackPaths {

    /** Callbacks of provider {@code p} arrive at {@code ROOT + "/" + p}. */
    public static final String ROOT = "/callbacks";

    private static final Logger LOG = Logger.getLogger(CallbackPaths.class);

    /** The path of one provider's callbacks, e.g. {@code /callbacks/hitem3d}. */
    public static String of(String provider) {
        return ROOT + "/" + provider;
    }

    void checkConfiguredUrls(@Observes StartupEvent start, ProvidersConfig providers) {
        providers.hitem3d().callbackBaseUrl().ifPresent(url -> check("hitem3d", url));
    }

    static boolean names(String url, String provider) {
        try {
            String path = URI.create(url).getPath();
            return path != null && path.replaceAll("/+$", "").endsWith(of(provider));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static void check(String provider, String url) {
        if (!names(url, provider)) {
            LOG.warnf(
                    "kiln.providers.%s.callback-base-url does not end in %s, the path Kiln serves its callbacks on;"
                            + " unless a proxy rewrites it, callbacks will not arrive",
                    provider, of(provider));
        }
    }
}
