package io.codingit.projects.internal;

import io.codingit.files.FileNode;
import io.codingit.files.NewEntry;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.codingit.github.GitHubRepositories;
import io.codingit.projects.ProjectException;
import io.codingit.projects.internal.ProjectRecords.Project;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A project as a workspace folder (the archive's files under one folder, through the files feature), and a
 * workspace folder as a new GitHub repository (through the GitHub connection). The second step reads the
 * folder as it is then, so edits made in the workspace in between are what gets published.
 */
@Service
class ProjectPublishing {
    static final String DEFAULT_PARENT = "projects";

    private final ProjectService projects;
    private final ProjectArchive archive;
    private final WorkspaceFiles files;
    private final GitHubRepositories repositories;

    ProjectPublishing(ProjectService projects, ProjectArchive archive, WorkspaceFiles files, GitHubRepositories repositories) {
        this.projects = projects;
        this.archive = archive;
        this.files = files;
        this.repositories = repositories;
    }

    record Folder(String folder, List<String> files) {
    }

    /** Writes the project into a new workspace folder (default {@code projects/<name>}); 409 if the folder exists. */
    Folder toWorkspace(String userId, String projectId, String rawFolder) {
        Project project = projects.require(userId, projectId);
        WorkspacePath folder = rawFolder == null || rawFolder.isBlank()
                ? WorkspacePath.of(DEFAULT_PARENT + "/" + folderName(project.name()))
                : folderPath(rawFolder);
        SortedMap<String, byte[]> contents = archive.contents(userId, projectId);
        List<NewEntry> entries = new ArrayList<>();
        entries.add(NewEntry.directory(folder));
        contents.forEach((path, bytes) -> entries.add(NewEntry.file(WorkspacePath.of(folder.value() + "/" + path), bytes)));
        files.importAll(userId, entries);
        return new Folder(folder.value(), List.copyOf(contents.keySet()));
    }

    /** Publishes the files under a workspace folder as a new GitHub repository of the user. */
    GitHubRepositories.CreatedRepository toGitHub(String userId, String projectId, String rawFolder, String repository,
                                                  String description, boolean isPrivate) {
        Project project = projects.require(userId, projectId);
        if (repository == null || repository.isBlank()) {
            throw ProjectException.invalid("repository is required: the new repository's name");
        }
        WorkspacePath folder = folderPath(rawFolder);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        FileNode root = find(files.tree(userId), folder.value());
        if (root == null || !root.isDirectory()) {
            throw ProjectException.notFound("workspace folder '" + folder.value() + "'");
        }
        collect(userId, root, folder.value(), contents);
        if (contents.isEmpty()) {
            throw ProjectException.invalid("the workspace folder '" + folder.value() + "' has no files");
        }
        return repositories.create(userId, new GitHubRepositories.NewRepository(repository.strip(),
                description != null ? description : project.name(), isPrivate, "CodingIT project: " + project.name()), contents);
    }

    private void collect(String userId, FileNode node, String root, Map<String, byte[]> out) {
        for (FileNode child : node.children() == null ? List.<FileNode>of() : node.children()) {
            if (child.isDirectory()) {
                collect(userId, child, root, out);
            } else {
                out.put(child.path().substring(root.length() + 1), files.readFile(userId, WorkspacePath.of(child.path())).content());
            }
        }
    }

    private static FileNode find(List<FileNode> nodes, String path) {
        for (FileNode node : nodes) {
            if (node.path().equals(path)) {
                return node;
            }
            if (node.isDirectory() && path.startsWith(node.path() + "/") && node.children() != null) {
                return find(node.children(), path);
            }
        }
        return null;
    }

    private static WorkspacePath folderPath(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProjectException.invalid("folder is required: a workspace folder path");
        }
        try {
            return WorkspacePath.of(raw);
        } catch (RuntimeException e) {
            throw ProjectException.invalid("folder is not a workspace path: " + e.getMessage());
        }
    }

    /** The project's name as one safe path segment. */
    static String folderName(String name) {
        String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60);
        }
        return slug.isEmpty() ? "project" : slug;
    }
}
