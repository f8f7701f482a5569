package io.codingit.tasks.internal.git;

import io.codingit.tasks.internal.TaskCancelledException;
import io.codingit.tasks.internal.TaskFailedException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.EmptyProgressMonitor;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.diff.DiffEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The task's repository on the host: a bare clone in a private directory, never visible to the
 * sandbox. The sandbox only ever receives a tar of the files and gives back a tar of its work tree; the
 * commit is built from that stream straight into the object database (no work tree on the host, no
 * porcelain commit, so no hook, filter, attribute or symbolic link of the agent's is ever acted on here).
 * The token is handed to JGit as a credentials provider for the clone and the push only; the stored
 * remote URL carries none.
 */
public final class HostRepository implements AutoCloseable {
    private static final String TOKEN_USER = "x-access-token";
    /**
     * Paths are checked as git does on Windows and macOS too, wherever this server runs: whoever checks the
     * branch out may be there, and {@code .git.}, {@code .GIT}, {@code git~1} or {@code .g\u200cit} would be
     * their {@code .git} (hooks that run on checkout, CVE-2014-9390).
     */
    private static final ObjectChecker PORTABLE_PATHS = new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true);

    private final Path directory;
    private final Repository repository;
    private final GitRemote remote;
    private final String token;
    private final Duration timeout;
    private final BooleanSupplier cancelled;
    private final RevCommit base;

    private HostRepository(Path directory, Repository repository, GitRemote remote, String token, Duration timeout,
                           BooleanSupplier cancelled, RevCommit base) {
        this.directory = directory;
        this.repository = repository;
        this.remote = remote;
        this.token = token;
        this.timeout = timeout;
        this.cancelled = cancelled;
        this.base = base;
    }

    /**
     * Clones {@code remote} bare into a new private directory under {@code parent}.
     *
     * @param token    the GitHub token for https remotes, or null (public repositories, local tests)
     * @param maxBytes largest clone kept on the server's disk: the clone stops and fails past it
     */
    public static HostRepository cloneFrom(GitRemote remote, String token, Path parent, Duration timeout,
                                           BooleanSupplier cancelled, long maxBytes) {
        Path directory;
        try {
            Files.createDirectories(parent);
            directory = Files.createTempDirectory(parent, "clone-");
        } catch (IOException e) {
            throw new TaskFailedException("Cannot create the clone directory on the server", e);
        }
        Repository repository = null;
        DiskQuota quota = new DiskQuota(directory, maxBytes);
        try {
            Git git = Git.cloneRepository()
                .setURI(remote.cloneUrl())
                .setDirectory(directory.toFile())
                .setBare(true)
                .setCloneSubmodules(false)
                .setCredentialsProvider(credentials(remote, token))
                .setTimeout(seconds(timeout))
                .setProgressMonitor(monitor(() -> cancelled.getAsBoolean() || quota.exceeded()))
                .call();
            repository = git.getRepository();
            if (quota.exceededNow()) {
                throw new IOException("over the size limit");
            }
            StoredConfig config = repository.getConfig();
            // Belt and braces: this git dir is the server's, but never let a hook run from it.
            config.setString("core", null, "hooksPath", directory.resolve("no-hooks").toString());
            config.save();
            RevCommit head = headOf(repository);
            return new HostRepository(directory, repository, remote, token, timeout, cancelled, head);
        } catch (GitAPIException | RuntimeException | IOException e) {
            if (repository != null) {
                repository.close();
            }
            deleteQuietly(directory);
            if (cancelled.getAsBoolean()) {
                throw new TaskCancelledException();
            }
            if (quota.wasExceeded()) {
                throw new TaskFailedException("The repository is larger than " + (maxBytes / (1024 * 1024))
                        + " MB (codingit.tasks.max-clone-size); it was not cloned");
            }
            throw new TaskFailedException("Cloning the repository failed: " + reason(e), e);
        }
    }

    /** The default branch's name (e.g. "main"), or null for an empty repository. */
    public String defaultBranch() {
        try {
            String full = repository.getFullBranch();
            return full != null && full.startsWith(Constants.R_HEADS) && base != null ? full.substring(Constants.R_HEADS.length()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the base commit's files as a tar (regular, executable, symbolic links; submodules as empty directories). */
    public void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        if (base != null) {
            try (TreeWalk walk = new TreeWalk(repository)) {
                walk.addTree(base.getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    String path = walk.getPathString();
                    FileMode mode = walk.getFileMode(0);
                    if (mode == FileMode.GITLINK) {
                        TarArchiveEntry dir = new TarArchiveEntry(path + "/");
                        dir.setMode(0755);
                        tar.putArchiveEntry(dir);
                        tar.closeArchiveEntry();
                        continue;
                    }
                    ObjectLoader blob = repository.open(walk.getObjectId(0), Constants.OBJ_BLOB);
                    if (mode == FileMode.SYMLINK) {
                        TarArchiveEntry link = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(new String(blob.getBytes(), StandardCharsets.UTF_8));
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                        continue;
                    }
                    TarArchiveEntry file = new TarArchiveEntry(path);
                    file.setSize(blob.getSize());
                    file.setMode(mode == FileMode.EXECUTABLE_FILE ? 0755 : 0644);
                    tar.putArchiveEntry(file);
                    blob.copyTo(tar);
                    tar.closeArchiveEntry();
                }
            }
        }
        tar.finish();
        tar.flush();
    }

    /** What {@link #commit} did. */
    public record Commit(ObjectId id, int changedFiles) {
    }

    /**
     * Builds a commit from a tar of the work tree on a new branch. Files already tracked are always
     * taken; untracked ones unless {@code ignore} says otherwise. Entries named {@code .git} anywhere,
     * paths git refuses on any platform ({@link #PORTABLE_PATHS}), devices and fifos are skipped; the base commit's submodules are kept as they were.
     *
     * @return the commit, or null when the tree equals the base commit's (nothing to commit)
     */
    public Commit commit(InputStream tarStream, IgnoreRules ignore, long maxBytes, String branch, String message,
                         PersonIdent author, SkipListener skipped, BooleanSupplier stop) throws IOException {
        Map<String, ObjectId> tracked = new HashMap<>();
        Map<String, ObjectId> gitlinks = new HashMap<>();
        if (base != null) {
            try (TreeWalk walk = new TreeWalk(repository)) {
                walk.addTree(base.getTree());
                walk.setRecursive(true);
                while (walk.next()) {
                    (walk.getFileMode(0) == FileMode.GITLINK ? gitlinks : tracked).put(walk.getPathString(), walk.getObjectId(0));
                }
            }
        }
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        Map<String, ObjectId> inserted = new HashMap<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            TarArchiveInputStream tar = new TarArchiveInputStream(tarStream, StandardCharsets.UTF_8.name());
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (cancelled.getAsBoolean() || stop.getAsBoolean()) {
                    throw new TaskCancelledException();
                }
                String path = relative(entry.getName());
                if (path.isEmpty() || entry.isDirectory() || !seen.add(path)) {
                    continue;
                }
                if (underGitDir(path) || underAny(path, gitlinks.keySet())
                        || (!tracked.containsKey(path) && ignore.isIgnored(path))) {
                    continue;
                }
                FileMode mode;
                ObjectId blob;
                if (entry.isFIFO() || entry.isCharacterDevice() || entry.isBlockDevice()) {
                    skipped.skipped(path, "not a regular file or symbolic link");
                    continue;
                }
                if (entry.isSymbolicLink()) {
                    mode = FileMode.SYMLINK;
                    blob = inserter.insert(Constants.OBJ_BLOB, entry.getLinkName().getBytes(StandardCharsets.UTF_8));
                } else if (entry.isLink()) {
                    // a hard link to a file earlier in the archive: the same content
                    blob = inserted.get(relative(entry.getLinkName()));
                    if (blob == null) {
                        continue;
                    }
                    mode = FileMode.REGULAR_FILE;
                } else if (entry.isFile()) {
                    total += entry.getSize();
                    if (total > maxBytes) {
                        throw new TaskFailedException("The work tree is larger than " + (maxBytes / (1024 * 1024))
                                + " MB (not counting ignored files); nothing was committed");
                    }
                    mode = (entry.getMode() & 0100) != 0 ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                    blob = inserter.insert(Constants.OBJ_BLOB, entry.getSize(), tar);
                } else {
                    skipped.skipped(path, "not a regular file or symbolic link");
                    continue;
                }
                DirCacheEntry indexEntry;
                try {
                    PORTABLE_PATHS.checkPath(path);
                    indexEntry = new DirCacheEntry(path);
                } catch (IllegalArgumentException | CorruptObjectException e) {
                    skipped.skipped(path, "git does not accept this path");
                    continue;
                }
                indexEntry.setFileMode(mode);
                indexEntry.setObjectId(blob);
                builder.add(indexEntry);
                inserted.put(path, blob);
            }
            for (Map.Entry<String, ObjectId> link : gitlinks.entrySet()) {
                DirCacheEntry indexEntry = new DirCacheEntry(link.getKey());
                indexEntry.setFileMode(FileMode.GITLINK);
                indexEntry.setObjectId(link.getValue());
                builder.add(indexEntry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            if (base != null ? tree.equals(base.getTree()) : index.getEntryCount() == 0) {
                return null;
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (base != null) {
                commit.setParentId(base);
            }
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new TaskFailedException("Cannot create the branch " + branch + ": " + result);
            }
            return new Commit(commitId, changedFiles(tree));
        }
    }

    /**
     * The clone's size on disk, measured while JGit receives it (it asks its progress monitor whether to go
     * on between chunks of objects): a huge repository stops near the limit instead of filling the disk.
     */
    private static final class DiskQuota {
        private static final long INTERVAL_NANOS = 200_000_000L;
        private final Path directory;
        private final long maxBytes;
        private long lastCheck = System.nanoTime() - INTERVAL_NANOS;
        private volatile boolean exceeded;

        DiskQuota(Path directory, long maxBytes) {
            this.directory = directory;
            this.maxBytes = maxBytes;
        }

        synchronized boolean exceeded() {
            if (!exceeded && System.nanoTime() - lastCheck >= INTERVAL_NANOS) {
                lastCheck = System.nanoTime();
                exceededNow();
            }
            return exceeded;
        }

        boolean exceededNow() {
            if (sizeOf(directory) > maxBytes) {
                exceeded = true;
            }
            return exceeded;
        }

        boolean wasExceeded() {
            return exceeded || exceededNow();
        }

        private static long sizeOf(Path directory) {
            try (Stream<Path> files = Files.walk(directory)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0; // gone between listing and sizing
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                return 0;
            }
        }
    }

    /** Told about work-tree entries left out of the commit, for the task log. */
    @FunctionalInterface
    public interface SkipListener {
        void skipped(String path, String why);
    }

    /** Pushes {@code branch} to the remote under the same name. */
    public void push(String branch) {
        String ref = Constants.R_HEADS + branch;
        try (Git git = Git.wrap(repository)) {
            Iterable<PushResult> results = git.push()
                    .setRemote("origin")
                    .setRefSpecs(new RefSpec(ref + ":" + ref))
                    .setCredentialsProvider(credentials(remote, token))
                    .setTimeout(seconds(timeout))
                    .setProgressMonitor(monitor(cancelled))
                    .call();
            for (PushResult result : results) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new TaskFailedException("The remote refused the push of " + branch + " (" + update.getStatus() + ")");
                    }
                }
            }
        } catch (GitAPIException | RuntimeException e) {
            if (e instanceof TaskFailedException failed) {
                throw failed;
            }
            if (cancelled.getAsBoolean()) {
                throw new TaskCancelledException();
            }
            throw new TaskFailedException("Pushing the branch failed: " + reason(e), e);
        }
    }

    /** The host directory of the bare clone (for tests and diagnostics). */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        repository.close();
        deleteQuietly(directory);
    }

    private int changedFiles(ObjectId tree) throws IOException {
        if (base == null) {
            try (TreeWalk walk = new TreeWalk(repository)) {
                walk.addTree(tree);
                walk.setRecursive(true);
                int n = 0;
                while (walk.next()) {
                    n++;
                }
                return n;
            }
        }
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(base.getTree());
            walk.addTree(tree);
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            List<DiffEntry> diff = DiffEntry.scan(walk);
            return diff.size();
        }
    }

    private static RevCommit headOf(Repository repository) throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD + "^{commit}");
        if (head == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(head);
        }
    }

    private static CredentialsProvider credentials(GitRemote remote, String token) {
        return remote.isLocal() || token == null ? null : new UsernamePasswordCredentialsProvider(TOKEN_USER, token);
    }

    private static int seconds(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    }

    private static EmptyProgressMonitor monitor(BooleanSupplier cancelled) {
        return new EmptyProgressMonitor() {
            @Override
            public boolean isCancelled() {
                return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
            }
        };
    }

    private static String relative(String tarName) {
        String name = tarName;
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.equals(".")) {
            return "";
        }
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean underGitDir(String path) {
        for (String part : path.split("/")) {
            if (part.equalsIgnoreCase(".git")) {
                return true;
            }
        }
        return false;
    }

    private static boolean underAny(String path, Set<String> directories) {
        for (String dir : directories) {
            if (path.equals(dir) || path.startsWith(dir + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A reason for the task log: JGit's own message for transport failures (which names neither the
     * token, held by the credentials provider, nor more than the URL's host and path), a fixed text otherwise.
     */
    private static String reason(Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof TransportException || t instanceof org.eclipse.jgit.errors.TransportException
                    || t instanceof org.eclipse.jgit.api.errors.InvalidRemoteException) {
                String message = t.getMessage() == null ? "transport error" : t.getMessage();
                return message.length() > 300 ? message.substring(0, 300) + "..." : message;
            }
            t = t.getCause();
        }
        return e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the directory lies under the server's own data dir
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // already gone
        }
    }
}
