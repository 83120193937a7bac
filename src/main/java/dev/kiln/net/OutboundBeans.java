package dev.kiln.net;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** The one {@link OutboundPolicy} of the application: intake's lexical check and every guard use it. */
public class OutboundBeans {
    private static final Logger LOG = Logger.getLogger(OutboundBeans.class);

    @Produces
    @Singleton
    @Unremovable
    OutboundPolicy outboundPolicy(OutboundConfig config) {
        OutboundAllowlist allowlist = OutboundAllowlist.of(config.allowedHosts());
        if (!allowlist.isEmpty()) {
            // Visible at start: an allowlist in production would be a hole an operator should know about.
            LOG.warnf("Outbound guard allowlist in force: %s", allowlist);
        }
        return new OutboundPolicy(allowlist);
    }
}
