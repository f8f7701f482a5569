package io.codingit.tasks.internal.git;

import io.codingit.llm.HostResolver;
import io.codingit.support.GitRepos;
import io.codingit.tasks.internal.TaskFailedException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host side of a task's git work against real bare repositories on disk (JGit, no sandbox). */
class HostRepositoryTest {
    static final Path ROOT = GitRepos.tempRoot("codingit-host-repo-");
    static final HostResolver NO_DNS = host -> {
        throw new UnknownHostException(host);
    };
    final GitUrlPolicy policy = new GitUrlPolicy(List.of(), List.of(), List.of(ROOT.toString()), NO_DNS);

    /** "Also check" of the review: names that are .git on Windows or macOS never reach a commit. */
    @Test
    void pathsThatAreGitOnSomePlatformAreNeverCommitted() throws IOException {
        GitRepos.BareRepo repo = GitRepos.bare(ROOT, "gitnames-" + UUID.randomUUID()).file("README.md", "# x\n").create();
        List<String> hostile = List.of(".git./hooks/post-checkout", ".GIT/config", "git~1/config", "GIT~1/hooks/pre-commit",
                ".git /hooks/x", ".Git/hooks/x", "sub/.git./config", "sub/.gIt/config", ".g\u200cit/hooks/post-checkout",
                ".git\u200d/hooks/y", ".git::$INDEX_ALLOCATION/hooks/z", ".git/hooks/post-checkout", "sub/.git/config");
        List<String> skipped = new ArrayList<>();
        try (HostRepository host = HostRepository.cloneFrom(policy.check(repo.url()), null, ROOT.resolve("clones"),
                Duration.ofSeconds(30), () -> false, 100L << 20)) {
            List<String> names = new ArrayList<>(hostile);
            names.add("README.md");
            names.add("ok/.gitkeep");
            names.add("ok/git-notes.txt");
            HostRepository.Commit commit = host.commit(tar(names), new IgnoreRules(), 1 << 20, "codingit/names",
                    "test", new PersonIdent("t", "t@t"), (path, why) -> skipped.add(path), () -> false);

            assertThat(commit).isNotNull();
            host.push("codingit/names");
        }
        assertThat(repo.files("codingit/names").keySet()).containsExactlyInAnyOrder("README.md", "ok/.gitkeep", "ok/git-notes.txt");
        assertThat(skipped).as("told in the task log").contains(".git./hooks/post-checkout", "git~1/config", ".g\u200cit/hooks/post-checkout");
    }

    /** "Also check" of the review: a huge repository stops near the limit instead of filling the disk. */
    @Test
    void aRepositoryOverTheCloneLimitIsNotClonedAndLeavesNothingOnDisk() throws IOException {
        Random random = new Random(42);
        GitRepos.Builder builder = GitRepos.bare(ROOT, "huge-" + UUID.randomUUID());
        for (int i = 0; i < 6; i++) {
            byte[] noise = new byte[768 * 1024];
            random.nextBytes(noise);
            builder.file("blob-" + i + ".txt", Base64.getEncoder().encodeToString(noise));
        }
        GitRepos.BareRepo repo = builder.create();
        Path clones = ROOT.resolve("clones-" + UUID.randomUUID());

        assertThatThrownBy(() -> HostRepository.cloneFrom(policy.check(repo.url()), null, clones, Duration.ofSeconds(30),
                () -> false, 1L << 20))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("larger than 1 MB");
        try (Stream<Path> left = Files.list(clones)) {
            assertThat(left).as("the partial clone is deleted").isEmpty();
        }

        try (HostRepository fits = HostRepository.cloneFrom(policy.check(repo.url()), null, clones, Duration.ofSeconds(30),
                () -> false, 64L << 20)) {
            assertThat(fits.defaultBranch()).isEqualTo("main");
        }
    }

    private static ByteArrayInputStream tar(List<String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name())) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String name : files) {
                byte[] content = ("content of " + name + "\n").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("./" + name);
                entry.setSize(content.length);
                entry.setMode(0644);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
