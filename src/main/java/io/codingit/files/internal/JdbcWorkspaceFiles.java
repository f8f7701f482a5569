package io.codingit.files.internal;

import io.codingit.common.DomainException.Kind;
import io.codingit.files.FilesException;
import io.codingit.files.FileNode;
import io.codingit.files.IfMatch;
import io.codingit.files.MoveResult;
import io.codingit.files.NewEntry;
import io.codingit.files.PathConflictException;
import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspaceChanged;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Workspace files on JDBC. Every writing transaction first locks the user's usage row, which
 * serialises that user's writes (so limits are checked against exact totals) while other users
 * proceed in parallel; the unique (user, path) constraint stays the last line of defence.
 */
@Service
class JdbcWorkspaceFiles implements WorkspaceFiles {
    private final WorkspaceFileRepository repository;
    private final FilesProperties limits;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    JdbcWorkspaceFiles(WorkspaceFileRepository repository, FilesProperties limits,
                       PlatformTransactionManager transactionManager, ApplicationEventPublisher events) {
        this.repository = repository;
        this.limits = limits;
        this.transactions = new TransactionTemplate(transactionManager);
        this.events = events;
    }

    /** Told after the commit, so a listener that reads the workspace sees the change. */
    private void changed(String userId, List<WorkspacePath> paths) {
        events.publishEvent(new WorkspaceChanged(userId, paths));
    }

    @Override
    public List<FileNode> tree(String userId) {
        return FileTreeBuilder.build(repository.treeRows(userId));
    }

    @Override
    public WorkspaceFile create(String userId, NewEntry entry) {
        WorkspaceFile created = write(userId, List.of(entry)).getFirst();
        changed(userId, List.of(created.path()));
        return created;
    }

    @Override
    public List<WorkspaceFile> importAll(String userId, List<NewEntry> entries) {
        if (entries.isEmpty()) {
            throw new FilesException(Kind.INVALID, "'files' must contain at least one entry");
        }
        if (entries.size() > limits.maxBatchEntries()) {
            throw new FilesException(Kind.INVALID, "'files' has " + entries.size() + " entries; at most "
                    + limits.maxBatchEntries() + " are allowed per batch");
        }
        List<WorkspaceFile> created = write(userId, entries);
        changed(userId, created.stream().map(WorkspaceFile::path).toList());
        return created;
    }

    @Override
    public WorkspaceFile readFile(String userId, WorkspacePath path) {
        WorkspaceFile file = repository.find(userId, path).orElseThrow(() -> notFound(path));
        if (file.directory()) {
            throw isDirectory(path);
        }
        return file;
    }

    @Override
    public WorkspaceFile updateContent(String userId, WorkspacePath path, byte[] content, IfMatch precondition) {
        checkFileSize(path, content.length);
        WorkspaceFile written = inTransaction(() -> {
            WorkspaceFileRepository.Usage usage = repository.lockUsage(userId);
            WorkspaceFile current = repository.find(userId, path).orElseThrow(() -> notFound(path));
            if (current.directory()) {
                throw isDirectory(path);
            }
            if (!precondition.holdsFor(current)) {
                throw new FilesException(Kind.PRECONDITION_FAILED, "precondition_failed", "'" + path
                        + "' changed since you read it (its ETag is now " + current.etag() + "); reload it and retry");
            }
            long delta = content.length - current.sizeBytes();
            checkTotalSize(usage, delta);
            WorkspaceFile updated = new WorkspaceFile(current.id(), userId, path, false, content, content.length,
                    current.version() + 1, current.createdAt(), laterThan(current.updatedAt()));
            repository.updateContent(updated);
            repository.addUsage(userId, 0, delta);
            return updated;
        });
        changed(userId, List.of(path));
        return written;
    }

    @Override
    public int delete(String userId, WorkspacePath path) {
        int count = inTransaction(() -> {
            repository.lockUsage(userId);
            if (repository.kinds(userId, List.of(path.value())).isEmpty()) {
                throw notFound(path);
            }
            WorkspaceFileRepository.Usage removed = repository.subtreeUsage(userId, path);
            int deleted = repository.deleteSubtree(userId, path);
            repository.addUsage(userId, -removed.entries(), -removed.bytes());
            return deleted;
        });
        changed(userId, List.of(path));
        return count;
    }

    @Override
    public MoveResult move(String userId, WorkspacePath from, WorkspacePath to) {
        if (from.equals(to)) {
            throw new FilesException(Kind.INVALID, "'from' and 'to' are the same path ('" + from + "')");
        }
        if (to.isDescendantOf(from)) {
            throw new FilesException(Kind.INVALID, "Cannot move '" + from + "' into itself ('" + to + "')");
        }
        MoveResult result = inTransaction(() -> {
            WorkspaceFileRepository.Usage usage = repository.lockUsage(userId);
            List<String> lookups = new ArrayList<>(List.of(from.value(), to.value()));
            to.ancestors().forEach(a -> lookups.add(a.value()));
            Map<String, Boolean> kinds = repository.kinds(userId, lookups);
            if (!kinds.containsKey(from.value())) {
                throw notFound(from);
            }
            if (kinds.containsKey(to.value())) {
                throw new PathConflictException("'" + to + "' already exists", List.of(to.value()));
            }
            List<WorkspacePath> missingParents = new ArrayList<>();
            for (WorkspacePath ancestor : to.ancestors()) {
                Boolean directory = kinds.get(ancestor.value());
                if (Boolean.FALSE.equals(directory)) {
                    throw new PathConflictException("Cannot move to '" + to + "': '" + ancestor + "' is a file",
                            List.of(to.value()));
                }
                if (directory == null) {
                    missingParents.add(ancestor);
                }
            }
            checkEntryCount(usage, missingParents.size());
            Map<UUID, WorkspacePath> newPaths = new LinkedHashMap<>();
            for (WorkspaceFileRepository.SubtreeEntry entry : repository.subtree(userId, from)) {
                newPaths.put(entry.id(), entry.path().rebase(from, to));
            }
            Instant now = now();
            repository.relocate(userId, newPaths, now);
            repository.insertAll(missingParents.stream().map(p -> directory(userId, p, now)).toList());
            repository.addUsage(userId, missingParents.size(), 0);
            WorkspaceFile moved = repository.find(userId, to).orElseThrow();
            return new MoveResult(moved, newPaths.size());
        });
        changed(userId, List.of(from, to));
        return result;
    }

    /** Creates entries and their missing parents, all or nothing. */
    private List<WorkspaceFile> write(String userId, List<NewEntry> entries) {
        for (NewEntry entry : entries) {
            checkFileSize(entry.path(), entry.sizeBytes());
        }
        return inTransaction(() -> {
            WorkspaceFileRepository.Usage usage = repository.lockUsage(userId);
            Plan plan = plan(userId, entries);
            checkEntryCount(usage, plan.entries() + plan.missingParents().size());
            checkTotalSize(usage, plan.bytes());
            Instant now = now();
            List<WorkspaceFile> created = entries.stream().map(e -> new WorkspaceFile(UUID.randomUUID(), userId,
                    e.path(), e.directory(), e.content(), e.sizeBytes(), 1, now, now)).toList();
            List<WorkspaceFile> rows = new ArrayList<>(created);
            plan.missingParents().forEach(p -> rows.add(directory(userId, p, now)));
            rows.sort(Comparator.comparing(f -> f.path().depth()));
            repository.insertAll(rows);
            repository.addUsage(userId, rows.size(), plan.bytes());
            return created;
        });
    }

    private record Plan(int entries, long bytes, List<WorkspacePath> missingParents) {
    }

    /** Finds every conflict (all of them, so the caller can fix the batch in one go) and the parents to create. */
    private Plan plan(String userId, List<NewEntry> entries) {
        Map<WorkspacePath, NewEntry> requested = new LinkedHashMap<>();
        Map<String, String> conflicts = new LinkedHashMap<>();
        Set<WorkspacePath> ancestors = new LinkedHashSet<>();
        long bytes = 0;
        for (NewEntry entry : entries) {
            if (requested.putIfAbsent(entry.path(), entry) != null) {
                conflicts.putIfAbsent(entry.path().value(), "appears more than once in the request");
            }
            ancestors.addAll(entry.path().ancestors());
            bytes += entry.sizeBytes();
        }
        List<String> lookups = new ArrayList<>(requested.size() + ancestors.size());
        requested.keySet().forEach(p -> lookups.add(p.value()));
        ancestors.stream().filter(a -> !requested.containsKey(a)).forEach(a -> lookups.add(a.value()));
        Map<String, Boolean> existing = repository.kinds(userId, lookups);

        for (NewEntry entry : requested.values()) {
            if (existing.containsKey(entry.path().value())) {
                conflicts.putIfAbsent(entry.path().value(), "already exists");
                continue;
            }
            for (WorkspacePath ancestor : entry.path().ancestors()) {
                NewEntry inRequest = requested.get(ancestor);
                if (Boolean.FALSE.equals(existing.get(ancestor.value())) || (inRequest != null && !inRequest.directory())) {
                    conflicts.putIfAbsent(entry.path().value(), "'" + ancestor + "' is a file");
                    break;
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw conflict(conflicts);
        }
        List<WorkspacePath> missingParents = ancestors.stream()
                .filter(a -> !requested.containsKey(a) && !existing.containsKey(a.value()))
                .toList();
        return new Plan(requested.size(), bytes, missingParents);
    }

    private static PathConflictException conflict(Map<String, String> conflicts) {
        if (conflicts.size() == 1) {
            Map.Entry<String, String> only = conflicts.entrySet().iterator().next();
            return new PathConflictException("'" + only.getKey() + "' " + describe(only.getValue()),
                    List.of(only.getKey()));
        }
        StringBuilder message = new StringBuilder(conflicts.size() + " paths conflict: ");
        int shown = 0;
        for (Map.Entry<String, String> c : conflicts.entrySet()) {
            if (shown++ == 20) {
                message.append("; …");
                break;
            }
            message.append(shown > 1 ? "; " : "").append("'").append(c.getKey()).append("' ").append(describe(c.getValue()));
        }
        return new PathConflictException(message.toString(), List.copyOf(conflicts.keySet()));
    }

    private static String describe(String reason) {
        return reason.startsWith("'") ? "cannot be created: " + reason : reason;
    }

    private void checkFileSize(WorkspacePath path, long size) {
        if (size > limits.maxFileSize().toBytes()) {
            throw new FilesException(Kind.TOO_LARGE, "'" + path + "' is " + size + " bytes; a file may hold at most "
                    + limits.maxFileSize().toBytes() + " bytes");
        }
    }

    private void checkTotalSize(WorkspaceFileRepository.Usage usage, long delta) {
        long max = limits.maxTotalSize().toBytes();
        if (delta > 0 && usage.bytes() + delta > max) {
            throw new FilesException(Kind.TOO_LARGE, "Workspace storage limit reached: " + usage.bytes() + " of " + max
                    + " bytes used, this change needs " + delta + " more");
        }
    }

    private void checkEntryCount(WorkspaceFileRepository.Usage usage, long added) {
        if (added > 0 && usage.entries() + added > limits.maxEntries()) {
            throw new FilesException(Kind.TOO_LARGE, "Workspace entry limit reached: " + usage.entries() + " of "
                    + limits.maxEntries() + " files and directories used, this change adds " + added);
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        try {
            return transactions.execute(status -> work.get());
        } catch (DuplicateKeyException e) {
            // Only reachable if a write bypassed the usage lock; the constraint still keeps paths unique.
            throw new PathConflictException("A path in this request already exists", List.of());
        } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
            // The database gave up waiting for the user's lock (H2 has a lock timeout of a few seconds
            // and reports it as a query timeout); the transaction rolled back, nothing was written.
            throw new FilesException(Kind.UNAVAILABLE, "The workspace is busy with another change; retry shortly");
        }
    }

    private static WorkspaceFile directory(String userId, WorkspacePath path, Instant now) {
        return new WorkspaceFile(UUID.randomUUID(), userId, path, true, null, 0, 1, now, now);
    }

    /** PostgreSQL keeps microseconds; truncating here makes what we return equal what we store. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Now, but strictly after {@code previous}, so an update always moves updated_at. */
    private static Instant laterThan(Instant previous) {
        Instant now = now();
        return now.isAfter(previous) ? now : previous.plus(1, ChronoUnit.MICROS);
    }

    private static FilesException notFound(WorkspacePath path) {
        return new FilesException(Kind.NOT_FOUND, "No file or directory at '" + path + "'");
    }

    private static FilesException isDirectory(WorkspacePath path) {
        return new FilesException(Kind.INVALID, "'" + path + "' is a directory, not a file");
    }
}
