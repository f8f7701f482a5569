package io.codingit.tasks.internal.git;

import io.codingit.llm.HostResolver;
import io.codingit.common.DomainException;
import io.codingit.web.DomainErrorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repository URL policy, with a resolver that answers from a table: no name is looked up, nothing is sent. */
class GitUrlPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "github.com", "140.82.112.3",
            "git.internal.example", "10.1.2.3",
            "ghe.corp.example", "10.9.9.9",
            "rebound.example", "169.254.169.254");
    private static final HostResolver RESOLVER = host -> {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };

    private final GitUrlPolicy policy = new GitUrlPolicy(List.of("github.com"), List.of(), List.of(), RESOLVER);

    @Test
    void acceptsHttpsAndSshGitHubUrlsAndClonesOverHttps() {
        assertThat(policy.check("https://github.com/octo/hello.git"))
                .isEqualTo(new GitRemote("https://github.com/octo/hello.git", "github.com", "hello"));
        assertThat(policy.check("https://GitHub.com/octo/hello-world").cloneUrl()).isEqualTo("https://github.com/octo/hello-world");
        assertThat(policy.check("ssh://git@github.com/octo/hello.git").cloneUrl()).isEqualTo("https://github.com/octo/hello.git");
        assertThat(policy.check("git@github.com:octo/hello.git"))
                .isEqualTo(new GitRemote("https://github.com/octo/hello.git", "github.com", "hello"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "file:///etc",
            "file:///etc/passwd",
            "http://127.0.0.1:5432/x.git",
            "http://github.com/octo/hello.git",
            "https://github.com@127.0.0.1/x.git",
            "https://user:pass@github.com/octo/hello.git",
            "ext::sh -c touch% /tmp/pwned",
            "ext::sh",
            "fd::17",
            "--upload-pack=touch /tmp/pwned",
            "-oProxyCommand=evil",
            "https://github.com/octo/--upload-pack=evil",
            "https://github.com/octo/../../etc",
            "https://github.com/octo/hello.git?x=1",
            "https://github.com/octo/hello.git#frag",
            "https://github.com/only-owner",
            "git://github.com/octo/hello.git",
            "ssh://git:secret@github.com/octo/hello.git",
            "ssh://-oProxyCommand=x@github.com/octo/hello.git",
            "git@github.com:-octo/hello.git",
            "https://evil.example/octo/hello.git",
            "https://github.com.evil.example/octo/hello.git",
            "https://github.com/octo/hel lo.git",
            "https://github.com/octo/hello.git\n",
            "https://github.com/octo/h\u00e9llo.git",
            ""
    })
    void rejectsDangerousOrForeignUrls(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(DomainErrorStatus.of(((DomainException) e).kind()).value()).isEqualTo(400))
                .hasMessageStartingWith("repoUrl");
    }

    @Test
    void rejectsControlCharactersAndOverlongUrls() {
        assertThatThrownBy(() -> policy.check("https://github.com/octo/hello\u0000.git")).hasMessageContaining("control");
        assertThatThrownBy(() -> policy.check("https://github.com/octo/" + "a".repeat(GitUrlPolicy.MAX_LENGTH)))
                .hasMessageContaining("longer than");
    }

    @Test
    void messagesNeverEchoTheUrl() {
        assertThatThrownBy(() -> policy.check("https://ghp_secret123@github.com/octo/hello.git"))
                .hasMessageNotContaining("ghp_secret123");
    }

    /** Allowed hosts must still resolve to public addresses; the addresses are checked without connecting. */
    @ParameterizedTest
    @ValueSource(strings = {
            "https://10.0.0.1/octo/hello.git",
            "https://169.254.169.254/octo/hello.git",
            "https://[fd00::1]/octo/hello.git",
            "https://git.internal.example/octo/hello.git",
            "git@git.internal.example:octo/hello.git",
            "ssh://git@rebound.example/octo/hello.git"
    })
    void allowListedHostsResolvingToInternalAddressesAreRejected(String url) {
        GitUrlPolicy permissive = new GitUrlPolicy(
                List.of("10.0.0.1", "169.254.169.254", "fd00::1", "git.internal.example", "rebound.example"),
                List.of(), List.of(), RESOLVER);
        assertThatThrownBy(() -> permissive.check(url)).isInstanceOf(DomainException.class)
                .hasMessageContaining("local or internal address");
    }

    @Test
    void operatorCanExemptAnInternalHost() {
        GitUrlPolicy enterprise = new GitUrlPolicy(List.of("github.com", "ghe.corp.example"), List.of("ghe.corp.example"),
                List.of(), RESOLVER);
        assertThat(enterprise.check("https://ghe.corp.example/team/app.git").cloneUrl())
                .isEqualTo("https://ghe.corp.example/team/app.git");
    }

    @Test
    void fileUrlsOnlyUnderConfiguredRoots(@TempDir Path root) throws Exception {
        Path repo = Files.createDirectories(root.resolve("app.git"));
        Files.createSymbolicLink(root.resolve("escape.git"), Path.of("/etc"));
        GitUrlPolicy local = new GitUrlPolicy(List.of("github.com"), List.of(), List.of(root.toString()), RESOLVER);
        GitRemote remote = local.check(repo.toUri().toString());
        assertThat(remote.isLocal()).isTrue();
        assertThat(remote.name()).isEqualTo("app");
        assertThatThrownBy(() -> local.check("file:///etc")).hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> local.check(root.toUri() + "../../etc")).hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> local.check(root.resolve("escape.git").toUri().toString())).hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> local.check(root.toUri().toString())).hasMessageContaining("outside the configured roots");
        assertThatThrownBy(() -> policy.check(repo.toUri().toString())).hasMessageContaining("file: URL");
    }

    @Test
    void repositoryNamesAreSafeDirectoryNames() {
        assertThat(GitUrlPolicy.safeName("hello.git")).isEqualTo("hello");
        assertThat(GitUrlPolicy.safeName("..git")).isEqualTo("repo");
        assertThat(GitUrlPolicy.safeName(".hidden")).isEqualTo("hidden");
        assertThat(GitUrlPolicy.safeName("-x")).isEqualTo("x");
    }
}
