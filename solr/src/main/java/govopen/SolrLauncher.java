package govopen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Serves a Solr home over HTTP, standalone (no ZooKeeper), until SIGTERM.
 *
 * <p>Why: the project's machines have no container engine and no Solr
 * tarball, but Maven Central has Solr itself. JettySolrRunner (from
 * solr-test-framework) runs the same CoreContainer and SolrDispatchFilter as
 * the Solr distribution, behind an embedded Jetty. It always binds to
 * 127.0.0.1, which is what a local stack wants.
 *
 * <pre>
 * SolrLauncher --home DIR [--host 127.0.0.1] [--port 8983] [--data DIR] [--zk HOST:PORT]
 * </pre>
 * With --zk the node joins a SolrCloud cluster through that ZooKeeper (its
 * home's solr.xml then has a solrcloud section; scripts/solrcloud.sh writes it).
 * Defaults come from GOVOPEN_SOLR_HOME, GOVOPEN_SOLR_HOST, GOVOPEN_SOLR_PORT,
 * GOVOPEN_SOLR_DATA. Exit codes: 2 bad arguments, 1 start-up failed.
 */
public final class SolrLauncher {
    // Held so the JUL level set below is not garbage-collected away.
    private static final Logger JERSEY = Logger.getLogger("org.glassfish.jersey");

    public static void main(String[] args) throws Exception {
        String home = env("GOVOPEN_SOLR_HOME", null);
        String host = env("GOVOPEN_SOLR_HOST", "127.0.0.1");
        String data = env("GOVOPEN_SOLR_DATA", null);
        String zk = env("GOVOPEN_SOLR_ZK", null);
        int port;
        try {
            port = Integer.parseInt(env("GOVOPEN_SOLR_PORT", "8983"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length && a.startsWith("--")) fail("missing value after " + a);
                switch (a) {
                    case "--home": home = args[++i]; break;
                    case "--host": host = args[++i]; break;
                    case "--port": port = Integer.parseInt(args[++i]); break;
                    case "--data": data = args[++i]; break;
                    case "--zk": zk = args[++i]; break;
                    default: fail("unknown argument " + a
                            + " (usage: --home DIR [--host 127.0.0.1] [--port 8983] [--data DIR] [--zk HOST:PORT])");
                }
            }
        } catch (NumberFormatException e) {
            fail("port must be a number: " + e.getMessage());
            return;
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            fail("host " + host + " not supported: JettySolrRunner binds to 127.0.0.1 only");
        }
        if (home == null || !Files.isRegularFile(Path.of(home, "solr.xml"))) {
            fail("--home must be a Solr home containing solr.xml (got " + home + ")");
        }
        home = Path.of(home).toAbsolutePath().normalize().toString();
        // Jetty reports a taken port only as "IllegalStateException: STOPPED".
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            System.err.println("SolrLauncher: cannot listen on 127.0.0.1:" + port
                    + " (" + e.getMessage() + "): is another Solr already running there?");
            System.exit(1);
        }

        // Standalone node (or a SolrCloud node with --zk): no JMX, no remote
        // streaming, nothing listening but the one HTTP port.
        System.setProperty("solr.solr.home", home);
        System.setProperty("solr.install.dir", home);
        System.setProperty("solr.disableDefaultJmxReporter", "true");
        System.setProperty("solr.log.dir", env("GOVOPEN_SOLR_LOGS", home));
        System.setProperty("solr.enableRemoteStreaming", "false");
        System.setProperty("solr.enableStreamBody", "false");
        System.clearProperty("zkRun");
        if (zk == null) {
            System.clearProperty("zkHost");
        } else {
            System.setProperty("zkHost", zk);
            System.setProperty("host", host);
            System.setProperty("hostPort", Integer.toString(port));
        }
        JERSEY.setLevel(Level.SEVERE); // a harmless provider warning at start-up

        Properties nodeProps = new Properties();
        if (zk != null) {
            nodeProps.setProperty("zkHost", zk);
            nodeProps.setProperty("hostPort", Integer.toString(port));
        }
        if (data != null) {
            data = Path.of(data).toAbsolutePath().normalize().toString();
            Files.createDirectories(Path.of(data));
            nodeProps.setProperty("solr.data.home", data);
            System.setProperty("solr.data.home", data);
        }

        JettyConfig config = JettyConfig.builder()
                .setContext("/solr")
                .setPort(port)
                .stopAtShutdown(false) // our hook below stops it, once
                .build();
        JettySolrRunner solr = new JettySolrRunner(home, nodeProps, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("govopen Solr: stopping");
            try {
                if (solr.isRunning()) solr.stop();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
                System.out.println("govopen Solr: stopped");
            }
        }, "solr-shutdown"));

        long t0 = System.nanoTime();
        try {
            solr.start();
        } catch (Exception e) {
            System.err.println("SolrLauncher: could not start Solr on " + host + ":" + port + ": " + e);
            System.exit(1);
        }
        CoreContainer cores = solr.getCoreContainer();
        Map<String, CoreContainer.CoreLoadFailure> failures =
                cores == null ? Map.of() : cores.getCoreInitFailures();
        if (cores == null || !failures.isEmpty()) {
            failures.forEach((name, f) -> {
                System.err.println("SolrLauncher: core " + name + " failed to load: " + f.exception);
                for (Throwable c = f.exception.getCause(); c != null; c = c.getCause()) {
                    System.err.println("  caused by: " + c);
                }
            });
            System.exit(1); // runs the shutdown hook
        }
        System.out.printf("govopen Solr %s listening on %s (home %s, cores %s, started in %.1fs)%n",
                org.apache.solr.client.api.util.SolrVersion.LATEST, solr.getBaseUrl(), home,
                cores.getLoadedCoreNames(), (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static void fail(String message) {
        System.err.println("SolrLauncher: " + message);
        System.exit(2);
    }
}
