package org.salon.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.salon.testkit.Launcher;

/**
 * The launcher's network-namespace mode, which end-to-end tests with media use: the whole stack runs inside a
 * namespace of its own, Janus gathers candidates on the namespace's veth only, and nothing listens on the host.
 */
class NetworkNamespaceIT {

    @Test
    void theWholeStackRunsInsideItsOwnNamespaceAndStopRemovesIt() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "ip netns needs root");
        String ns = "salon-it-" + ProcessHandle.current().pid();
        Launcher stack = new Launcher("salon-netns-").set("SALON_SKIP_BUILD", "1").freeStackPorts();
        String gatewayPort = stack.get("SALON_GATEWAY_PORT");
        try {
            Launcher.Result started = stack.run(Map.of(), 300, "start", "--netns", ns);
            assertEquals(0, started.exitCode(), started.output());
            assertTrue(run("ip", "netns", "exec", ns, "curl", "-fsS", "-o", "/dev/null", "-w", "%{http_code}",
                    "http://127.0.0.1:" + gatewayPort + "/").contains("200"), "the gateway answers inside the namespace");
            assertFalse(listening(Integer.parseInt(gatewayPort)), "and nothing of it listens on the host");
            String janusLog = Files.readString(stack.home().resolve("logs/janus.log"));
            assertTrue(janusLog.contains("Adding 'veth0' to the ICE enforce list"), "Janus gathers on the veth only");
        } finally {
            Launcher.Result stopped = stack.run(Map.of(), 120, "stop");
            assertEquals(0, stopped.exitCode(), stopped.output());
        }
        assertFalse(run("ip", "netns", "list").contains(ns), "stop removes the namespace");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return out;
    }
}
