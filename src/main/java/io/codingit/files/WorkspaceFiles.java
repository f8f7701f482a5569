package io.codingit.files;

import java.util.List;

/**
 * Each user's workspace of files and directories. Every method is scoped to {@code userId}: another
 * user's entries behave exactly as if they did not exist. Failures are
 * {@link FilesException}s (and {@link InvalidPathException}, {@link PathConflictException}) whose kinds map to the API's statuses (400, 404, 409, 412, 413).
 */
public interface WorkspaceFiles {

    /** The whole tree: directories first, then names in natural order, at every level. */
    List<FileNode> tree(String userId);

    /** Creates one entry and any missing parent directories. */
    WorkspaceFile create(String userId, NewEntry entry);

    /**
     * Creates all entries (and missing parents) or none: if any path exists, repeats, or lies under
     * a file, throws {@link PathConflictException} listing every such path.
     */
    List<WorkspaceFile> importAll(String userId, List<NewEntry> entries);

    /** A file with its content; 404 if missing, 400 if it is a directory. */
    WorkspaceFile readFile(String userId, WorkspacePath path);

    /** Replaces a file's content if {@code precondition} holds (else 412). */
    WorkspaceFile updateContent(String userId, WorkspacePath path, byte[] content, IfMatch precondition);

    /** Deletes an entry and, for a directory, everything under it; returns how many entries went. */
    int delete(String userId, WorkspacePath path);

    /** Moves or renames an entry with everything under it, atomically. */
    MoveResult move(String userId, WorkspacePath from, WorkspacePath to);
}
