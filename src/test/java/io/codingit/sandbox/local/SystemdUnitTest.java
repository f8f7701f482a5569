package io.codingit.sandbox.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/systemd/codingit.service keeps sandboxes alive across a stop of the service: they live in cgroups below the
 * server's own, which systemd's default KillMode would kill with it (docs/deploy.md, "One machine, under systemd").
 * No systemd runs here, so the unit is read, not started.
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("deploy", "systemd", "codingit.service");

    @Test
    void stoppingTheServiceEndsOnlyTheServerAndTheServerMayManageItsSandboxesGroups() throws IOException {
        Map<String, Map<String, String>> unit = parse(Files.readAllLines(UNIT));
        Map<String, String> service = unit.get("Service");
        assertThat(service).as("[Service] section").isNotNull();
        assertThat(service).containsEntry("KillMode", "process").containsEntry("Delegate", "yes");
        assertThat(service.get("ExecStart")).endsWith("/codingit");
        assertThat(unit).containsKeys("Unit", "Install");
    }

    /** Sections of key=value lines; the last assignment of a key wins, as in systemd (comments and blanks skipped). */
    private static Map<String, Map<String, String>> parse(List<String> lines) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
            } else {
                assertThat(current).as("a key before any section: " + line).isNotNull();
                int eq = line.indexOf('=');
                assertThat(eq).as("not a key=value line: " + line).isPositive();
                current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return sections;
    }
}
