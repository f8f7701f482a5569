package io.codingit.sandbox.internal;

import io.codingit.common.DataDirectory;
import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.egress.LocalRegistries;
import io.codingit.sandbox.SandboxTemplate;
import io.codingit.sandbox.TemplateProperties;
import io.codingit.sandbox.TemplateReadiness;
import io.codingit.sandbox.TemplateReadiness.Status;
import io.codingit.support.Prerequisites;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The preparation's refusals, each with a reason that says what to do; nothing here reaches a registry. */
class TemplatePreparationsTest {
    private static final SandboxTemplate NEXT = new SandboxTemplate("nextjs-developer", "Next.js", "pages/index.tsx", 3000,
            List.of(), "npx next dev", "npm ci", null, "npm", List.of("package.json", "package-lock.json"));
    private static final SandboxTemplate VUE = new SandboxTemplate("vue-developer", "Vue", "app.vue", 3000,
            List.of(), "npx nuxt dev", "npm ci", null, "npm", List.of("package.json", "package-lock.json"));

    @Test
    void withoutNpmTheTemplateIsUnavailableNamingThePackages() throws Exception {
        Path dir = Files.createTempDirectory("codingit-prep-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        TemplatePreparations preparations = preparations(dir.resolve("cache"), "/nonexistent/npm");
        assertThat(preparations.readiness(NEXT, false).status()).isEqualTo(Status.NOT_PREPARED);
        TemplateReadiness readiness = settle(preparations, NEXT);
        assertThat(readiness.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(readiness.reason()).contains("nodejs npm");
        assertThat(preparations.preparedHome(NEXT)).isEmpty();
        preparations.stop();
    }

    @Test
    void aCacheTheSandboxUidCannotReachIsRefusedNamingTheSetting() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/node")) && Files.isExecutable(Path.of("/usr/bin/npm")),
                "Node.js is not installed here (the refusal would be that one)", Prerequisites.NODE_PACKAGES);
        Path closed = Files.createTempDirectory("codingit-prep-");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        TemplatePreparations preparations = preparations(closed.resolve("cache"), "npm");
        TemplateReadiness readiness = settle(preparations, NEXT);
        assertThat(readiness.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(readiness.reason()).contains("codingit.templates.cache-dir").doesNotContain(closed.toString());
        preparations.stop();
    }

    @Test
    void theCacheKeyFollowsTheTemplatesFiles() throws Exception {
        TemplatePreparations preparations = preparations(Files.createTempDirectory("codingit-prep-"), "npm");
        assertThat(preparations.contentHash(NEXT)).hasSize(16).isEqualTo(preparations.contentHash(NEXT))
                .isNotEqualTo(preparations.contentHash(VUE));
        preparations.stop();
    }

    @Test
    void aDependencyLayersKeyFollowsTheTemplatesContentAndTheConfiguredRegistries() throws Exception {
        Path dir = Files.createTempDirectory("codingit-prep-");
        SandboxTemplate interpreter = new SandboxTemplate("code-interpreter-v1", "Python", "script.py", null, List.of(),
                null, null, null, null, null);
        SandboxTemplate streamlit = new SandboxTemplate("streamlit-developer", "Streamlit", "app.py", 8501, List.of(),
                "streamlit run app.py", "pip install streamlit", null, "pip", null);
        SandboxTemplate rebuilt = new SandboxTemplate("streamlit-developer", "Streamlit", "app.py", 8501, List.of(),
                "streamlit run app.py", "pip install streamlit pandas", null, "pip", null);
        String command = "pip install seaborn";
        RegistryEgressProperties configured = registries("http://127.0.0.1:9/simple/", "http://127.0.0.1:9/");
        DependencyLayers layers = dependencyLayers(dir, configured);
        for (SandboxTemplate template : List.of(interpreter, streamlit)) {
            String key = layers.key(template, command);
            assertThat(dependencyLayers(dir, configured).key(template, command)).isEqualTo(key);
            // a changed mirror installs afresh instead of reusing what the old one served
            assertThat(dependencyLayers(dir, registries("http://127.0.0.1:9/mirror/simple/", "http://127.0.0.1:9/"))
                    .key(template, command)).isNotEqualTo(key);
            assertThat(dependencyLayers(dir, registries("http://127.0.0.1:9/simple/", "http://127.0.0.1:9/npm-mirror/"))
                    .key(template, command)).isNotEqualTo(key);
            assertThat(layers.key(template, "pip install plotly")).isNotEqualTo(key);
        }
        // a rebuilt template (here: other packages in its home) does not reuse the layers built over the old one
        assertThat(dependencyLayers(dir, configured).key(rebuilt, command)).isNotEqualTo(layers.key(streamlit, command));
    }

    /** The layers' keys only: no sandbox is created. */
    private static DependencyLayers dependencyLayers(Path dir, RegistryEgressProperties registries) {
        TemplatePreparations preparations = preparations(dir.resolve("cache"), "npm", registries);
        preparations.stop();
        return new DependencyLayers(null, preparations, registries, new DataDirectory(dir));
    }

    @Test
    void aTemplateWithoutPreparationIsReadyAtOnce() throws Exception {
        TemplatePreparations preparations = preparations(Files.createTempDirectory("codingit-prep-"), "npm");
        SandboxTemplate plain = new SandboxTemplate("python-web-v1", "web", "app.py", 8000, List.of(), "python3 app.py",
                null, null, null, null);
        assertThat(preparations.readiness(plain, true).isReady()).isTrue();
        preparations.stop();
    }

    @Test
    void aPipTemplateIsPreparedFromTheConfiguredIndexIntoTheHomesUserSite() throws Exception {
        try (LocalRegistries registries = new LocalRegistries()
                .wheel("codingit-prep-probe", "1.2.0", "codingit_prep_probe", "VERSION = '1.2.0'\n")) {
            Path cache = Files.createTempDirectory("codingit-prep-");
            Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            TemplatePreparations preparations = preparations(cache.resolve("cache"), "npm",
                    "http://127.0.0.1:" + registries.pythonPort() + "/simple");
            SandboxTemplate template = new SandboxTemplate("pip-probe", "pip probe", "app.py", 8000, List.of(),
                    "python3 app.py", "pip install codingit-prep-probe", null, "pip", List.of());
            TemplateReadiness settled = settle(preparations, template);
            assertThat(settled.isReady()).as(String.valueOf(settled)).isTrue();
            Path home = preparations.preparedHome(template).orElseThrow();
            try (var files = Files.walk(home)) {
                assertThat(files.map(Path::toString)).anyMatch(f -> f.contains("/.local/lib/python3")
                        && f.endsWith("site-packages/codingit_prep_probe/__init__.py"));
            }
            assertThat(registries.downloads("codingit_prep_probe-1.2.0-py3-none-any.whl")).isEqualTo(1);
            preparations.stop();
        }
    }

    @Test
    void aPipTemplateWhosePackageTheIndexLacksIsUnavailableWithPipsReason() throws Exception {
        try (LocalRegistries registries = new LocalRegistries()) {
            Path cache = Files.createTempDirectory("codingit-prep-");
            Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            TemplatePreparations preparations = preparations(cache.resolve("cache"), "npm",
                    "http://127.0.0.1:" + registries.pythonPort() + "/simple");
            SandboxTemplate template = new SandboxTemplate("pip-missing", "pip missing", "app.py", 8000, List.of(),
                    "python3 app.py", "pip install codingit-not-in-the-index", null, "pip", List.of());
            TemplateReadiness settled = settle(preparations, template);
            assertThat(settled.status()).isEqualTo(TemplateReadiness.Status.UNAVAILABLE);
            assertThat(settled.reason()).contains("pip install failed").contains("codingit-not-in-the-index")
                    .doesNotContain(cache.toString()).doesNotContainPattern("java\\.[a-z]+\\.[A-Za-z]+Exception");
            preparations.stop();
        }
    }

    private static TemplatePreparations preparations(Path cache, String npm) {
        return preparations(cache, npm, "http://127.0.0.1:9/simple/");
    }

    private static TemplatePreparations preparations(Path cache, String npm, String pythonIndex) {
        return preparations(cache, npm, registries(pythonIndex, "http://127.0.0.1:9/"));
    }

    private static RegistryEgressProperties registries(String pythonIndex, String npmRegistry) {
        return new RegistryEgressProperties(List.of(), List.of(), pythonIndex, npmRegistry, DataSize.ofMegabytes(10),
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(30), "");
    }

    private static TemplatePreparations preparations(Path cache, String npm, RegistryEgressProperties registries) {
        SandboxProperties sandbox = new SandboxProperties("", 61000, "bwrap", "pasta", SandboxProperties.Egress.NONE,
                Duration.ofMinutes(10), Duration.ofHours(1), 5, Duration.ofSeconds(60), DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(1), 256, 1.0, DataSize.ofGigabytes(1), Duration.ofSeconds(5), 0);
        return new TemplatePreparations(new TemplateProperties(cache.toString(), npm, Duration.ofMinutes(1)), sandbox,
                registries, new DataDirectory(cache.getParent()));
    }

    /** Starts the preparation and waits (bounded) until it has settled. */
    private static TemplateReadiness settle(TemplatePreparations preparations, SandboxTemplate template)
            throws InterruptedException {
        TemplateReadiness readiness = preparations.readiness(template, true);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (readiness.status() == Status.PREPARING && System.nanoTime() < deadline) {
            Thread.sleep(20);
            readiness = preparations.readiness(template, false);
        }
        return readiness;
    }
}
