package io.codingit.sandbox;

import io.codingit.support.EnvBinding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The egress mode a server runs with when nobody sets one is {@code registries}, and the configuration tables
 * of docs/sandbox.md and docs/configuration.md say so, with the three modes and every {@code registries.*} key
 * at its real default.
 */
class SandboxEgressSettingsTest {
    private static final Pattern ROW = Pattern.compile("^\\| `codingit\\.sandbox\\.([a-z.-]+)` \\| `([A-Z_]+)` \\| ([^|]+) \\| ([^|]+) \\|");

    /** key (after {@code codingit.sandbox.}) to {variable, default as written, meaning}. */
    private static Map<String, String[]> documentedRows(String page) throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(page))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3).trim(), m.group(4).trim()});
            }
        }
        return rows;
    }

    /** A documented default as the variable's value: {@code `x`} is x, "(none)" is empty. */
    private static String value(String documented) {
        return documented.equals("(none)") ? "" : documented.replace("`", "");
    }

    @Test
    void withNothingSetTheEgressModeIsRegistries() {
        assertThat(EnvBinding.bind("codingit.sandbox", SandboxProperties.class, Map.of()).egress())
                .isEqualTo(SandboxProperties.Egress.REGISTRIES);
    }

    @Test
    void bothConfigurationTablesGiveRegistriesAsTheDefaultAndNameTheThreeModes() throws IOException {
        for (String page : List.of("docs/sandbox.md", "docs/configuration.md")) {
            String[] row = documentedRows(page).get("egress");
            assertThat(row).as(page).isNotNull();
            assertThat(row[0]).isEqualTo("CODINGIT_SANDBOX_EGRESS");
            assertThat(row[1]).as(page).isEqualTo("`registries`");
            assertThat(EnvBinding.bind("codingit.sandbox", SandboxProperties.class, Map.of(row[0], value(row[1]))).egress())
                    .isEqualTo(SandboxProperties.Egress.REGISTRIES);
            assertThat(row[2]).as(page).contains("`none`", "`registries`", "`internet`");
        }
    }

    @Test
    void everyRegistriesKeyIsDocumentedAtItsDefault() throws IOException {
        Map<String, String[]> rows = documentedRows("docs/configuration.md");
        RegistryEgressProperties defaults = EnvBinding.bind("codingit.sandbox.registries", RegistryEgressProperties.class, Map.of());
        List<String> keys = Arrays.stream(RegistryEgressProperties.class.getRecordComponents())
                .map(c -> "registries." + c.getName().replaceAll("([A-Z])", "-$1").toLowerCase()).toList();
        assertThat(rows.keySet()).containsAll(keys);
        for (String key : keys) {
            String[] row = rows.get(key);
            assertThat(row[0]).isEqualTo("CODINGIT_SANDBOX_" + key.toUpperCase().replace('-', '_').replace('.', '_'));
            // setting the variable to the documented default changes nothing
            assertThat(EnvBinding.bind("codingit.sandbox.registries", RegistryEgressProperties.class,
                    Map.of(row[0], value(row[1])))).as(key).isEqualTo(defaults);
        }
    }
}
