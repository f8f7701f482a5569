package io.codingit.files;

import java.util.List;

/**
 * Published (as a Spring application event, after the change is committed, on the server that made it) when
 * entries of a user's workspace were created, changed, deleted or moved: each path and everything under it
 * may differ from before. Listeners (the MCP server's resource subscriptions) must not expect the content.
 *
 * @param userId the workspace's owner
 * @param paths  the changed paths; for a move both the old and the new one
 */
public record WorkspaceChanged(String userId, List<WorkspacePath> paths) {
    public WorkspaceChanged {
        paths = List.copyOf(paths);
    }
}
