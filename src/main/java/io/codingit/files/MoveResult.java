package io.codingit.files;

/** The entry at its new path, and how many entries moved with it (itself included). */
public record MoveResult(WorkspaceFile file, int moved) {
}
