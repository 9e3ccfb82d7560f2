package dev.parley.web;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * How many requests Tomcat works on at once (docs/adr/0039). When PostgreSQL runs on this machine (the embedded
 * one, or a server at a loopback address), its backends work on the same cores as the requests that wait for
 * them, and more requests at once than cores only makes requests and backends take turns, each starting cold:
 * Parley then gives Tomcat as many request threads as the machine has cores, at least {@value #FEWEST}, and the
 * requests beyond them wait in arrival order. {@code parley.request-threads} sets the number outright. With the
 * database on another machine, or {@code server.tomcat.threads.*} set, Tomcat's own settings stay.
 */
public final class RequestThreads implements EnvironmentPostProcessor {

    static final String SETTING = "parley.request-threads";
    static final String MAX = "server.tomcat.threads.max";
    static final String MIN_SPARE = "server.tomcat.threads.min-spare";
    static final int FEWEST = 2;

    private static final String POSTGRESQL_URL = "jdbc:postgresql:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(MAX) || environment.containsProperty(MIN_SPARE)) {
            return;
        }
        Integer configured = configured(environment.getProperty(SETTING));
        if (configured != null && configured < 1) {
            throw new IllegalArgumentException(SETTING + " must be at least 1, not " + configured
                    + "; leave it unset for one thread per core when the database is on this machine");
        }
        int threads;
        if (configured != null) {
            threads = configured;
        } else if (databaseOnThisMachine(environment.getProperty("spring.datasource.url"))) {
            threads = forCores(Runtime.getRuntime().availableProcessors());
        } else {
            return;
        }
        // Last: below every configured source, so that nothing here outranks what an operator sets.
        environment.getPropertySources().addLast(new MapPropertySource("parleyRequestThreads",
                Map.of(MAX, threads, MIN_SPARE, threads)));
    }

    private static Integer configured(String setting) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(setting.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SETTING + " must be a whole number of threads, not '" + setting
                    + "'; leave it unset for one thread per core when the database is on this machine");
        }
    }

    /** One request thread per core, and never fewer than {@value #FEWEST}: one slow request must not stop the rest. */
    static int forCores(int cores) {
        return Math.max(FEWEST, cores);
    }

    /**
     * Whether a data source URL reaches PostgreSQL on this machine: no URL (the embedded database, started when
     * none is set), or a PostgreSQL URL whose every host is a loopback address or none (the driver's default is
     * {@code localhost}). Any other URL is taken to be elsewhere.
     */
    static boolean databaseOnThisMachine(String url) {
        if (url == null || url.isBlank()) {
            return true;
        }
        if (!url.startsWith(POSTGRESQL_URL)) {
            return false;
        }
        String rest = url.substring(POSTGRESQL_URL.length());
        if (!rest.startsWith("//")) {
            return true;
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop, 2);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String hosts = rest.substring(2, end);
        if (hosts.isEmpty()) {
            return true;
        }
        for (String hostAndPort : hosts.split(",")) {
            if (!loopback(host(hostAndPort))) {
                return false;
            }
        }
        return true;
    }

    private static String host(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int close = hostAndPort.indexOf(']');
            return close < 0 ? hostAndPort : hostAndPort.substring(1, close);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.isEmpty() || h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }
}
