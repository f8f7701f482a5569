package io.codingit.files;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One entry of the workspace tree as the contract shows it: {@code children} only on directories
 * (empty for an empty one), never on files.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileNode(String name, String path, boolean isDirectory, List<FileNode> children) {
}
