package dev.kiln.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's PostgreSQL server. Kiln does not start a private one: it uses the local server (starting
 * the Debian cluster if it is down) and creates its role and database when they are missing, as the
 * {@code postgres} superuser through {@code su}. When none of that is possible it says what to do.
 */
public final class PostgresServer {

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;

    public PostgresServer(String host, int port, String database, String user, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * Makes sure the server answers and this role and database exist.
     *
     * @param fresh drop and recreate the database (tests start from an empty ledger)
     */
    public PostgresServer ensure(boolean fresh) throws IOException, InterruptedException {
        if (!Ports.listening(host, port)) {
            startLocalCluster();
        }
        if (!fresh && canLogIn()) {
            return this;
        }
        if (!isLocal()) {
            if (canLogIn()) {
                return this;
            }
            throw new IllegalStateException("Cannot log in to PostgreSQL at " + host + ":" + port + " as '" + user
                    + "' (database '" + database + "'). Create the role and database there, or point KILN_PG_HOST/"
                    + "KILN_PG_PORT/KILN_PG_USER/KILN_PG_PASSWORD/KILN_PG_DATABASE at one that has them.");
        }
        String quotedPassword = password.replace("'", "''");
        superuserSql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user
                + "') THEN CREATE ROLE \""
                + user + "\" LOGIN PASSWORD '" + quotedPassword + "'; ELSE ALTER ROLE \"" + user + "\" LOGIN PASSWORD '"
                + quotedPassword + "'; END IF; END $$;");
        if (fresh) {
            superuserSql("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE);");
        }
        if (fresh || !databaseExists()) {
            superuserSql("CREATE DATABASE \"" + database + "\" OWNER \"" + user + "\";");
        }
        if (!canLogIn()) {
            throw new IllegalStateException("Created role '" + user + "' and database '" + database
                    + "' but still cannot log in over TCP at " + host + ":" + port + ": check pg_hba.conf allows"
                    + " password (scram-sha-256 or md5) logins from 127.0.0.1.");
        }
        return this;
    }

    private boolean isLocal() {
        return host.equals("localhost") || host.equals("127.0.0.1");
    }

    private boolean canLogIn() {
        // The driver directly, not DriverManager: under exec:java the driver is not visible to DriverManager.
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl(), credentials)) {
            return connection != null;
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean databaseExists() throws IOException, InterruptedException {
        return superuserSql("SELECT 1 FROM pg_database WHERE datname = '" + database + "';")
                .contains("1");
    }

    private void startLocalCluster() throws IOException, InterruptedException {
        Path ctl = Path.of("/usr/bin/pg_ctlcluster");
        if (!Files.isExecutable(ctl) && isRoot() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            // A new machine: install Debian's PostgreSQL, which creates and starts cluster "main".
            run(
                    List.of(
                            "sh",
                            "-c",
                            "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql"),
                    "install PostgreSQL with apt-get (do it yourself: `apt-get install -y postgresql`)");
        }
        if (!Files.isExecutable(ctl)) {
            throw new IllegalStateException("No PostgreSQL server answers at " + host + ":" + port
                    + " and none is installed. Install and start one: `apt-get install -y postgresql && "
                    + "pg_ctlcluster --skip-systemctl-redirect 15 main start` (as root), or set KILN_PG_HOST and "
                    + "KILN_PG_PORT to a running server.");
        }
        String version = detectClusterVersion();
        run(List.of(ctl.toString(), "--skip-systemctl-redirect", version, "main", "start"), "start PostgreSQL");
        if (!Ports.await(Duration.ofSeconds(30), () -> Ports.listening(host, port))) {
            throw new IllegalStateException("Started PostgreSQL cluster " + version + "/main but nothing answers on "
                    + host + ":" + port + ". See /var/log/postgresql/.");
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String detectClusterVersion() {
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString())
                    .max(String::compareTo)
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL cluster under /etc/postgresql: run "
                            + "`pg_createcluster 15 main` as root."));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "No PostgreSQL cluster under /etc/postgresql: install PostgreSQL with "
                            + "`apt-get install -y postgresql`.",
                    e);
        }
    }

    /** Runs SQL as the {@code postgres} superuser over the local socket (needs root, as on CI and this machine). */
    private String superuserSql(String sql) throws IOException, InterruptedException {
        return run(
                List.of("su", "postgres", "-c", "psql -p " + port + " -v ON_ERROR_STOP=1 -tAc " + shellQuote(sql)),
                "run SQL as the postgres superuser (Kiln creates its role and database this way; run as root, or "
                        + "create role '" + user + "' and database '" + database + "' yourself)");
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static String run(List<String> command, String purpose) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("Could not " + purpose + ": " + output.strip());
        }
        return output;
    }
}
