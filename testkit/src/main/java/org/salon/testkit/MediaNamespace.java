package org.salon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own where real WebRTC media flows: Janus and headless Chromium (driven through
 * chromedriver) run inside it, Janus gathering candidates only on its veth (Janus 1.1.2 ignores loopback; see
 * shared/notes/media.md), so media goes 10.77.n.1 to 10.77.n.1 and never leaves it. The veth's other end stays on
 * the host with 10.77.n.2, the one way in for the test: Janus's API and chromedriver listen on 10.77.n.1. Needs root.
 */
public final class MediaNamespace implements AutoCloseable {
    /** Janus's media ports inside, 1,000 for each node (what {@link #losePackets} drops on its way in). */
    private static final String RTP_PORTS = "20000-23999";
    private static final int MAX_NODES = 4;
    private final String name;
    private final String inside;
    private final List<Launcher> janus = new ArrayList<>();
    private final int driverPort;
    private String apiSecret;
    private String adminSecret;
    private Process driver;

    public MediaNamespace() {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        name = "salon-media-" + n;
        inside = "10.77." + n + ".1";
        run("ip", "netns", "add", name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        run("ip", "-n", name, "link", "add", "veth0", "type", "veth", "peer", "name", "vm" + n);
        run("ip", "-n", name, "link", "set", "vm" + n, "netns", "1");
        run("ip", "-n", name, "addr", "add", inside + "/30", "dev", "veth0");
        run("ip", "-n", name, "link", "set", "veth0", "up");
        run("ip", "addr", "add", "10.77." + n + ".2/30", "dev", "vm" + n);
        run("ip", "link", "set", "vm" + n, "up");
        driverPort = Launcher.freePort();
    }

    /** Starts a Janus node (with the given secrets) and chromedriver inside. */
    public MediaNamespace start(String apiSecret, String adminSecret) {
        this.apiSecret = apiSecret;
        this.adminSecret = adminSecret;
        startJanus();
        return startDriver(janus.get(0).home());
    }

    /**
     * Starts chromedriver inside, its log in {@code logs}; for a test that runs its own stack in the namespace
     * ({@link #name()}, with {@code SALON_JANUS_ICE_ENFORCE=veth0}).
     */
    public MediaNamespace startDriver(java.nio.file.Path logs) {
        try {
            driver = new ProcessBuilder("ip", "netns", "exec", name, "chromedriver", "--port=" + driverPort, "--allowed-ips=",
                    "--allowed-origins=*").redirectErrorStream(true).redirectOutput(logs.resolve("chromedriver.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String name() {
        return name;
    }

    /** Starts one more Janus node inside (ports of its own; node 0 is the first); its number. */
    public int startJanus() {
        int node = janus.size();
        if (node == MAX_NODES) {
            throw new IllegalStateException("at most " + MAX_NODES + " Janus nodes in a media namespace");
        }
        int rtp = 20000 + 1000 * node;
        Launcher launcher = new Launcher("salon-media-ns-").freePort("JANUS_WS").freePort("JANUS_ADMIN").set("SALON_BIND", inside)
                .set("SALON_JANUS_ICE_ENFORCE", "veth0").set("SALON_NETNS_INSIDE", name).set("SALON_JANUS_RTP_PORTS", rtp + "-" + (rtp + 999));
        janus.add(launcher.secret("janus-api-secret", apiSecret).secret("janus-admin-secret", adminSecret));
        restartJanus(node);
        return node;
    }

    /** Starts a Janus node that was killed again, on its ports: a new Janus, without the old one's sessions. */
    public void restartJanus(int node) {
        Launcher.Result started = janus.get(node).runIn(name, 120, "component", "start", "janus");
        if (started.exitCode() != 0) {
            throw new IllegalStateException("janus did not start in " + name + ":\n" + started.output());
        }
    }

    /** Kills a Janus node (-9), as a crash would. */
    public void killJanus(int node) {
        Launcher.Result killed = janus.get(node).runIn(name, 60, "component", "kill", "janus");
        if (killed.exitCode() != 0) {
            throw new IllegalStateException("janus " + node + " not killed:\n" + killed.output());
        }
    }

    /**
     * A bad network: drops {@code percent} of the packets that reach Janus's media ports inside the namespace (an
     * nftables rule of the namespace's own, chosen at random per packet); 0 removes it.
     */
    public void losePackets(int percent) {
        if (percent == 0) {
            run("ip", "netns", "exec", name, "nft", "delete", "table", "inet", "salon_loss");
            return;
        }
        run("ip", "netns", "exec", name, "nft", "add", "table", "inet", "salon_loss");
        run("ip", "netns", "exec", name, "nft", "add", "chain", "inet", "salon_loss", "in",
                "{ type filter hook input priority 0; }");
        run("ip", "netns", "exec", name, "nft", "add", "rule", "inet", "salon_loss", "in", "udp", "dport", RTP_PORTS, "numgen",
                "random", "mod", "100", "<", String.valueOf(percent), "drop");
    }

    /** The CPU time the namespace's first Janus has used so far, in clock ticks (user and system, from /proc). */
    public long janusCpuTicks() {
        try {
            return ProcessCpu.ticks(Long.parseLong(Files.readString(janus.get(0).home().resolve("run/janus.pid")).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("Janus's CPU time unreadable: " + e.getMessage(), e);
        }
    }

    public String janusUrl() {
        return janusUrl(0);
    }

    public String janusUrl(int node) {
        return "ws://" + inside + ":" + janus.get(node).get("SALON_JANUS_WS_PORT");
    }

    public String janusAdminUrl() {
        return janusAdminUrl(0);
    }

    public String janusAdminUrl(int node) {
        return "ws://" + inside + ":" + janus.get(node).get("SALON_JANUS_ADMIN_PORT");
    }

    /** chromedriver's address, for {@link Browser}. */
    public String driverUrl() {
        return "http://" + inside + ":" + driverPort;
    }

    /**
     * A page the browsers inside can open as a secure context (getUserMedia needs one): chromedriver's own status
     * page, on the namespace's loopback.
     */
    public String localPage() {
        return "http://127.0.0.1:" + driverPort + "/status";
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.destroy();
        }
        janus.forEach(node -> node.runIn(name, 60, "component", "stop", "janus"));
        run("ip", "netns", "del", name);
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
