package io.codingit.files.internal;

import io.codingit.files.FileNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the flat rows of one user into the contract's nested tree, sorted at every level. */
final class FileTreeBuilder {
    private static final Comparator<Draft> ORDER = Comparator
            .comparing((Draft d) -> !d.directory)
            .thenComparing(d -> d.sortKey)
            .thenComparing(d -> d.name);

    private FileTreeBuilder() {
    }

    /** A node under construction; children are collected before the immutable nodes are made. */
    private static final class Draft {
        final String name;
        final String path;
        final boolean directory;
        final String sortKey;
        final List<Draft> children = new ArrayList<>();

        Draft(String path, boolean directory) {
            this.path = path;
            this.name = path.substring(path.lastIndexOf('/') + 1);
            this.directory = directory;
            this.sortKey = NaturalOrder.key(name);
        }
    }

    static List<FileNode> build(List<WorkspaceFileRepository.TreeRow> rows) {
        Map<String, Draft> byPath = new HashMap<>(rows.size() * 2);
        for (WorkspaceFileRepository.TreeRow row : rows) {
            byPath.put(row.path(), new Draft(row.path(), row.directory()));
        }
        List<Draft> roots = new ArrayList<>();
        for (Draft draft : byPath.values()) {
            int slash = draft.path.lastIndexOf('/');
            Draft parent = slash < 0 ? null : byPath.get(draft.path.substring(0, slash));
            // An entry whose parent row is missing is still shown (at the top) rather than lost.
            if (parent == null || !parent.directory) {
                roots.add(draft);
            } else {
                parent.children.add(draft);
            }
        }
        return freeze(roots);
    }

    private static List<FileNode> freeze(List<Draft> drafts) {
        drafts.sort(ORDER);
        List<FileNode> nodes = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            nodes.add(new FileNode(d.name, d.path, d.directory, d.directory ? freeze(d.children) : null));
        }
        return nodes;
    }
}
