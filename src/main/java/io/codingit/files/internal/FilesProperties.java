package io.codingit.files.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the workspace files feature.
 *
 * @param maxFileSize      largest content of one file (413 beyond)
 * @param maxTotalSize     largest sum of a user's file contents (413 beyond, with current usage)
 * @param maxEntries       most files and directories one user may have (413 beyond)
 * @param maxBatchEntries  most entries in one batch import (400 beyond)
 */
@ConfigurationProperties("codingit.files")
public record FilesProperties(
        @DefaultValue("5MB") DataSize maxFileSize,
        @DefaultValue("100MB") DataSize maxTotalSize,
        @DefaultValue("50000") int maxEntries,
        @DefaultValue("1000") int maxBatchEntries) {
}
