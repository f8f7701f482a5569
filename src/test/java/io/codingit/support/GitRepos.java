package io.codingit.support;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Real bare git repositories on disk for tests of code that clones and pushes: build one with a first
 * commit of given files, then read back what was pushed to it (branches, files, authors, modes).
 */
public final class GitRepos {
    private GitRepos() {
    }

    /** A new temporary directory to hold a test class's bare repositories. */
    public static Path tempRoot(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a repository with files (path to content) committed on {@code main}. */
    public static Builder bare(Path parent, String name) {
        return new Builder(parent, name);
    }

    public static final class Builder {
        private final Path parent;
        private final String name;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final Map<String, String> executables = new LinkedHashMap<>();

        private Builder(Path parent, String name) {
            this.parent = parent;
            this.name = name;
        }

        public Builder file(String path, String content) {
            files.put(path, content);
            return this;
        }

        public Builder executable(String path, String content) {
            executables.put(path, content);
            return this;
        }

        /** Creates {@code <parent>/<name>.git}; with no files the repository stays empty (no commit). */
        public BareRepo create() {
            try {
                Path bare = parent.resolve(name + ".git");
                Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
                if (!files.isEmpty() || !executables.isEmpty()) {
                    Path work = Files.createTempDirectory(parent, "work-");
                    try (Git git = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
                        // .gitignore files last, so that every given file is committed (as a tracked file may be ignored)
                        Map<String, String> ignores = new LinkedHashMap<>();
                        Map<String, String> others = new LinkedHashMap<>();
                        files.forEach((path, content) -> (path.endsWith(".gitignore") ? ignores : others).put(path, content));
                        write(work, others, false);
                        write(work, executables, true);
                        git.add().addFilepattern(".").call();
                        write(work, ignores, false);
                        git.add().addFilepattern(".").call();
                        git.commit().setMessage("Initial commit").setAuthor("Test", "test@example.com")
                                .setCommitter("Test", "test@example.com").setSign(false).call();
                        git.push().setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main")).call();
                    }
                }
                return new BareRepo(bare);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GitAPIException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void write(Path work, Map<String, String> files, boolean executable) throws IOException {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
                if (executable) {
                    path.toFile().setExecutable(true);
                }
            }
        }
    }

    /** A bare repository on disk. */
    public record BareRepo(Path directory) {
        public String url() {
            return directory.toUri().toString();
        }

        /** Branch names (without refs/heads/). */
        public List<String> branches() {
            try (Repository repo = open()) {
                return repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                        .map(r -> r.getName().substring(Constants.R_HEADS.length())).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The tip commit of a branch. */
        public RevCommit tip(String branch) {
            try (Repository repo = open(); RevWalk walk = new RevWalk(repo)) {
                ObjectId id = repo.resolve(Constants.R_HEADS + branch);
                if (id == null) {
                    throw new IllegalArgumentException("no branch " + branch);
                }
                RevCommit commit = walk.parseCommit(id);
                walk.parseBody(commit);
                return commit;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every file of a branch: path to content (symbolic links: their target). */
        public Map<String, String> files(String branch) {
            return entries(branch, false);
        }

        /** Every file of a branch: path to its git mode ("100644", "100755", "120000", "160000"). */
        public Map<String, String> modes(String branch) {
            return entries(branch, true);
        }

        private Map<String, String> entries(String branch, boolean modes) {
            Map<String, String> out = new TreeMap<>();
            try (Repository repo = open(); TreeWalk walk = new TreeWalk(repo)) {
                walk.addTree(tip(branch).getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    FileMode mode = walk.getFileMode(0);
                    out.put(walk.getPathString(), modes ? mode.toString()
                            : new String(repo.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        private Repository open() throws IOException {
            return Git.open(directory.toFile()).getRepository();
        }
    }
}
