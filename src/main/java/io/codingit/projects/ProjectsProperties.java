package io.codingit.projects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code codingit.projects.*}; docs/configuration.md and docs/projects.md list every key.
 *
 * @param sharingEnabled        read-only share links can be made and opened (off: creating one answers 503 and
 *                              every link, old ones included, answers 404)
 * @param maxNameLength         characters of a project or chat name
 * @param maxMessageChars       characters of one stored user message (more: 413)
 * @param maxFragmentChars      characters of one fragment's JSON (more: 413)
 * @param contextMessages       stored messages at most that are sent back to the model with a new one
 * @param contextChars          characters at most of those messages (older ones are left out first)
 * @param maxImportBytes        size of a zip to import
 * @param maxImportExpandedBytes size of everything in that zip once unpacked (a zip bomb stops here)
 * @param maxImportEntries      entries in that zip
 * @param maxAttachments        workspace files attached to one message
 * @param maxProjectsPerUser    projects one user may have (more: 409)
 */
@ConfigurationProperties("codingit.projects")
public record ProjectsProperties(
        @DefaultValue("true") boolean sharingEnabled,
        @DefaultValue("200") int maxNameLength,
        @DefaultValue("100000") int maxMessageChars,
        @DefaultValue("1000000") int maxFragmentChars,
        @DefaultValue("40") int contextMessages,
        @DefaultValue("200000") int contextChars,
        @DefaultValue("10MB") DataSize maxImportBytes,
        @DefaultValue("64MB") DataSize maxImportExpandedBytes,
        @DefaultValue("5000") int maxImportEntries,
        @DefaultValue("10") int maxAttachments,
        @DefaultValue("10000") int maxProjectsPerUser) {

    public ProjectsProperties {
        if (maxNameLength < 1 || maxNameLength > 200) {
            throw new IllegalArgumentException("codingit.projects.max-name-length must be between 1 and 200");
        }
        if (maxMessageChars < 1 || maxFragmentChars < 1 || contextMessages < 0 || contextChars < 0
                || maxImportEntries < 1 || maxAttachments < 0 || maxProjectsPerUser < 1) {
            throw new IllegalArgumentException("codingit.projects.* limits must be positive");
        }
    }
}
