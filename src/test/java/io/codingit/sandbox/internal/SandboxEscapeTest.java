package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Escape attempts from inside a real sandbox. Each one must fail, the server must stay healthy and a
 * second sandbox of another user must keep working.
 */
class SandboxEscapeTest extends SandboxApiTestBase {
    @Value("${codingit.data-dir}")
    String dataDir;

    private TestApi attacker;
    private String attackerSbx;
    private TestApi bystander;
    private String bystanderSbx;

    @BeforeEach
    void twoSandboxes() {
        attacker = api(newUser());
        attackerSbx = createSandbox(attacker, "pass");
        bystander = api(newUser());
        bystanderSbx = createSandbox(bystander, "pass");
        assertThat(bystander.post("/api/sandbox/" + bystanderSbx + "/files/content",
                Map.of("path", "secret.txt", "content", "bystander-secret")).status()).isEqualTo(200);
    }

    /** Runs the attempt in the attacker's sandbox, then checks that the server and the bystander are fine. */
    private JsonNode attempt(String command) {
        TestApi.Response r = terminal(attacker, attackerSbx, command);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(new TestApi(port).get("/api/health").status()).isEqualTo(200);
        TestApi.Response ok = terminal(bystander, bystanderSbx, "cat secret.txt");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("stdout").asString()).isEqualTo("bystander-secret");
        return r.json();
    }

    @Test
    void cannotReadTheServersDataDirRootOrAnotherSandboxsHome() {
        String bystanderHome = local().leftovers(bystanderSbx).stream().filter(s -> s.startsWith("directory "))
                .findFirst().orElseThrow().substring("directory ".length()) + "/home";
        assertThat(bystanderHome).doesNotStartWith("/usr/");
        assertThat(dataDir).doesNotStartWith("/usr/");
        // /proc (this sandbox's processes only), /sys and /usr (the host's programs, mounted read-only; the data dir is
        // not under it) hold no files of another sandbox, and walking them took more than the 5 s terminal timeout on a
        // loaded machine (on a fresh one, /usr with Chromium and Python's libraries uncached)
        JsonNode r = attempt("ls " + dataDir + "; ls /root; cat " + bystanderHome + "/secret.txt; "
                + "cat /home/user/../*/secret.txt; find / \\( -path /proc -o -path /sys -o -path /usr \\) -prune -o -name secret.txt -print 2>/dev/null; "
                + "echo done");
        assertThat(r.get("stdout").asString()).isEqualTo("done\n");
        assertThat(r.get("stderr").asString()).contains("No such file or directory");
    }

    @Test
    void cannotConnectToHostServicesOrTheApi() throws SocketException {
        StringBuilder script = new StringBuilder();
        for (String host : hostAddresses()) {
            for (int p : List.of(5432, 6379, port)) {
                script.append("timeout 3 bash -c 'echo > /dev/tcp/").append(host).append('/').append(p)
                        .append("' 2>/dev/null && echo CONNECTED ").append(host).append(':').append(p).append("; ");
            }
        }
        JsonNode r = attempt(script + "echo done");
        assertThat(r.get("stdout").asString()).isEqualTo("done\n");
    }

    @Test
    void seesOnlyItsOwnProcesses() {
        JsonNode r = attempt("ps -e -o comm= | sort | tr '\\n' ' '");
        assertThat(r.get("stdout").asString()).doesNotContain("java", "postgres", "redis", "systemd");
        // the sandbox's init and agent, its code interpreter, and the command's own pipeline: nothing else
        assertThat(r.get("stdout").asString().trim().split(" "))
                .isSubsetOf("bwrap", "codingit-agent", "python3", "bash", "ps", "sort", "tr");
    }

    @Test
    void cannotWriteProcSysOrCreateAUserNamespace() {
        JsonNode r = attempt("cat /proc/sys/vm/swappiness > /proc/sys/vm/swappiness && echo WROTE-PROC-SYS; "
                + "unshare -U true && echo USERNS; unshare -r true && echo USERNS-ROOT; echo done");
        assertThat(r.get("stdout").asString()).isEqualTo("done\n");
    }

    @Test
    void aForkBombIsCappedByThePidsLimit() {
        JsonNode r = attempt("bomb() { bomb | bomb & }; bomb; sleep 2; echo survived");
        assertThat(r.get("stderr").asString()).containsAnyOf("Resource temporarily unavailable", "retry");
        JsonNode after = attempt("echo fine");
        assertThat(after.get("stdout").asString()).isEqualTo("fine\n");
    }

    @Test
    void allocating4GiBFails() {
        JsonNode r = attempt("/usr/bin/python3 -c \"b = b'x' * (4 * 1024 ** 3); print('ALLOCATED')\"");
        assertThat(r.get("stdout").asString()).doesNotContain("ALLOCATED");
        assertThat(r.get("exitCode").asInt()).isNotZero();
    }

    @Test
    void writing5GiBIntoTheHomeFailsAtTheHomeSize() {
        JsonNode r = attempt("dd if=/dev/zero of=big bs=1M count=5120 2>&1; ls -la big | awk '{print $5}'; rm -f big");
        assertThat(r.get("stdout").asString()).contains("No space left on device");
        long written = Long.parseLong(r.get("stdout").asString().strip().lines().reduce((a, b) -> b).orElseThrow().trim());
        assertThat(written).isLessThanOrEqualTo(64L * 1024 * 1024);
    }

    @Test
    void anInfiniteLoopIsKilledByTheTimeout() {
        JsonNode r = attempt("while true; do :; done");
        assertThat(r.get("exitCode").asInt()).isEqualTo(124);
        assertThat(r.get("stderr").asString()).contains("timed out");
    }

    @Test
    void twoHundredMegabytesOfOutputAreTruncated() {
        JsonNode r = attempt("head -c 200000000 /dev/zero | tr '\\0' a");
        String stdout = r.get("stdout").asString();
        assertThat(stdout.length()).isBetween(1024 * 1024, 1024 * 1024 + 200);
        assertThat(stdout).endsWith("more bytes]");
    }

    private static List<String> hostAddresses() throws SocketException {
        List<String> hosts = new java.util.ArrayList<>(List.of("127.0.0.1"));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .forEach(a -> hosts.add(a.getHostAddress()));
        }
        return hosts;
    }
}
