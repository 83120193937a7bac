package dev.kiln.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3-compatible server: s3proxy with its filesystem store, in a JVM of its own (its dependencies
 * would clash with Kiln's on one classpath). The bucket is a directory of the store, made before start.
 */
public final class S3Server {

    /** Credentials of the local s3proxy only; they guard nothing but a test directory. */
    public static final String ACCESS_KEY = "kiln-local";

    public static final String SECRET_KEY = "kiln-local-secret";
    public static final String REGION = "us-east-1";

    private final Process process;
    private final String endpoint;

    private S3Server(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    public void stop() {
        ChildJvm.stop(process);
    }

    public static S3Server start(Path dir, int port, Path s3proxyJar, String bucket) throws IOException {
        if (!Files.isRegularFile(s3proxyJar)) {
            throw new IllegalStateException("No s3proxy jar at " + s3proxyJar
                    + ": run `./mvnw -q generate-test-resources` once (it copies it from Maven Central).");
        }
        Path store = dir.resolve("store");
        Files.createDirectories(store.resolve(bucket));
        String endpoint = "http://127.0.0.1:" + port;
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                                "\n",
                                List.of(
                                        "s3proxy.endpoint=" + endpoint,
                                        "s3proxy.authorization=aws-v2-or-v4",
                                        "s3proxy.identity=" + ACCESS_KEY,
                                        "s3proxy.credential=" + SECRET_KEY,
                                        "jclouds.provider=filesystem",
                                        "jclouds.identity=" + ACCESS_KEY,
                                        "jclouds.credential=" + SECRET_KEY,
                                        "jclouds.filesystem.basedir=" + store))
                        + "\n");
        Path log = dir.resolve("s3proxy.log");
        Process process = ChildJvm.start(
                "s3proxy",
                s3proxyJar.toString(),
                List.of("-Xmx256m", "-XX:+UseSerialGC"),
                "org.gaul.s3proxy.Main",
                List.of("--properties", properties.toString()),
                log);
        boolean ready =
                Ports.await(Duration.ofSeconds(30), () -> !process.isAlive() || Ports.listening("127.0.0.1", port));
        if (!ready || !process.isAlive()) {
            ChildJvm.stop(process);
            throw new IllegalStateException("s3proxy did not start on " + endpoint + ":\n" + ChildJvm.tail(log));
        }
        return new S3Server(process, endpoint);
    }
}
