package io.codingit.sandbox.internal;

import io.codingit.support.TestApi;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fragment's dependencies through {@code POST /api/sandbox} with real sandboxes. The installs here need no
 * network (they write a module into the user site, as pip would): what is tested is that the install runs
 * before the code, that the code then sees it, that the second identical install comes from the cached layer
 * and not from running the command again, and that failures and bad package names are clear 400s.
 * Installs through the registry proxy are tested in RegistryInstallsTest.
 */
class FragmentDependenciesTest extends SandboxApiTestBase {
    /** Writes a module into the user site with a stamp unique to this run of the command. */
    private static String installCommand(String module) {
        return "python3 -c \"import site, os, time; d = site.getusersitepackages(); os.makedirs(d, exist_ok=True); "
                + "open(os.path.join(d, '" + module + ".py'), 'w').write('STAMP = %d' % time.time_ns())\" && echo installed "
                + module;
    }

    private TestApi.Response run(TestApi api, String module, String code) {
        return api.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER, "code", code,
                "file_path", "script.py", "has_additional_dependencies", true,
                "install_dependencies_command", installCommand(module),
                "additional_dependencies", List.of(module))));
    }

    @Test
    void theInstallRunsBeforeTheCodeAndTheSecondIdenticalInstallIsUnpackedFromTheCache() {
        String module = "tinydep" + System.nanoTime();
        TestApi api = api(newUser());
        TestApi.Response first = run(api, module, "import " + module + "\nprint('stamp', " + module + ".STAMP)");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String firstStamp = first.json().get("stdout").toString();
        assertThat(firstStamp).contains("stamp ");

        TestApi other = api(newUser());
        TestApi.Response second = run(other, module, "import " + module + "\nprint('stamp', " + module + ".STAMP)");
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        // the same files, not a second run of the command (which would have written a new stamp)
        assertThat(second.json().get("stdout").toString()).isEqualTo(firstStamp);
    }

    @Test
    void theInstalledPackageIsSeenByPythonPython3AndTheInterpreter() {
        String module = "seenby" + System.nanoTime();
        TestApi api = api(newUser());
        TestApi.Response r = run(api, module, "import " + module + "\nprint('interpreter ok')");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("stdout").toString()).contains("interpreter ok");
        String sbxId = r.json().get("sbxId").asString();
        for (String python : List.of("python", "python3")) {
            TestApi.Response command = terminal(api, sbxId, python + " -c 'import " + module + "; print(\"" + python + " ok\")'");
            assertThat(command.status()).as(command.toString()).isEqualTo(200);
            assertThat(command.json().get("stdout").asString()).as(command.toString()).contains(python + " ok");
        }
        TestApi.Response pip = terminal(api, sbxId, "pip --version");
        assertThat(pip.json().get("exitCode").asInt()).as(pip.toString()).isZero();
    }

    @Test
    void theStreamedRunSendsTheInstallersOutputBeforeTheResult() {
        String module = "streamed" + System.nanoTime();
        TestApi api = api(newUser()).withHeader("Accept", "text/event-stream");
        TestApi.Response r = run(api, module, "import " + module + "\nprint('ran after install')");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/event-stream");
        String body = r.body();
        int install = body.indexOf("event: install");
        int result = body.indexOf("event: result");
        assertThat(install).as(body).isGreaterThanOrEqualTo(0);
        assertThat(body.substring(install, result)).contains("installed " + module);
        assertThat(body.substring(result)).contains("ran after install");

        TestApi ndjson = api(newUser()).withHeader("Accept", "application/x-ndjson");
        TestApi.Response failed = ndjson.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER,
                "code", "print(1)", "has_additional_dependencies", true,
                "install_dependencies_command", "echo trying; exit 2")));
        assertThat(failed.body()).contains("\"type\":\"install\"").contains("trying")
                .contains("\"type\":\"error\"").contains("exit code 2");
    }

    @Test
    void aFailingInstallIsA400WithTheTailOfItsOutputAndCachesNothing() {
        TestApi api = api(newUser());
        String command = "echo resolving tinyfail; echo 'ERROR: No matching distribution found for tinyfail' >&2; exit 1";
        for (int attempt = 0; attempt < 2; attempt++) {
            TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER,
                    "code", "print(1)", "has_additional_dependencies", true, "install_dependencies_command", command)));
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("error").asBoolean()).isTrue();
            assertThat(r.json().get("message").asString())
                    .contains("exit code 1").contains("No matching distribution found for tinyfail");
        }
    }

    @Test
    void packageNamesThatAreNotPackageNamesAreRefused() {
        TestApi api = api(newUser());
        for (String bad : List.of("seaborn; rm -rf ~", "$(id)", "`id`", "pkg\nother", "-e git+https://x")) {
            TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER,
                    "code", "print(1)", "has_additional_dependencies", true, "additional_dependencies", List.of(bad))));
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
            assertThat(r.json().get("message").asString()).contains("not a package name");
        }
    }

    @Test
    void withoutTheFlagNothingIsInstalled() {
        TestApi api = api(newUser());
        TestApi.Response r = api.post("/api/sandbox", Map.of("fragment", Map.of("template", CODE_INTERPRETER,
                "code", "print('ran')", "has_additional_dependencies", false, "install_dependencies_command", "exit 3")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("stdout").toString()).contains("ran");
    }
}
