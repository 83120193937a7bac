package dev.kiln.work;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.UUID;

/** This replica's identity as a lease owner. */
@ApplicationScoped
public class Replica {

    private final String owner;

    public Replica(WorkConfig config) {
        this.owner = config.owner().orElseGet(Replica::defaultOwner);
    }

    public String owner() {
        return owner;
    }

    private static String defaultOwner() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "kiln";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
