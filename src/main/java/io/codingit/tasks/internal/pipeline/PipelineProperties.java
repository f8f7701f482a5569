package io.codingit.tasks.internal.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * The pipeline's part of {@code codingit.tasks.*} (docs/task-pipeline.md); the queue's keys live in
 * the same namespace and are bound by the queue's own record.
 *
 * @param allowedGitHosts    hosts a task's {@code repoUrl} may name (https or ssh)
 * @param internalGitHosts   allowed hosts that may resolve to private or loopback addresses (a self-hosted
 *                           GitHub Enterprise on an internal network); every other host must resolve to public addresses
 * @param allowedFileRoots   directories under which {@code file:} repository URLs are accepted; empty (the
 *                           default) refuses every {@code file:} URL. Meant for tests and single-user setups
 * @param commitAuthorName   author and committer of the agent's commit
 * @param commitAuthorEmail  their e-mail address
 * @param sandboxTemplate    the template of the task's sandbox
 * @param sandboxLifetime    the sandbox's lifetime (the task's own timeout usually ends it sooner)
 * @param defaultModel       the built-in agent's model when the task names none ({@code providerId:model} or a catalog id)
 * @param maxSteps           model turns the built-in agent may take
 * @param maxTokens          tokens (input and output, as reported) the built-in agent may spend
 * @param commandTimeout     limit of one {@code run_command} / {@code search} of the built-in agent
 * @param gitTimeout         network timeout of clone and push
 * @param maxWorkTreeSize    largest work tree (not ignored files) the pipeline commits
 * @param maxCloneSize       largest repository the pipeline clones onto the server's disk
 * @param commitThreads      platform threads that build commits (reading the work tree, ignore rules, hashing);
 *                           more tasks committing at once wait for one
 * @param commitTimeout      longest one commit may take before its task fails
 */
@ConfigurationProperties("codingit.tasks")
public record PipelineProperties(
        @DefaultValue("github.com") List<String> allowedGitHosts,
        @DefaultValue List<String> internalGitHosts,
        @DefaultValue List<String> allowedFileRoots,
        @DefaultValue("CodingIT Agent") String commitAuthorName,
        @DefaultValue("agent@codingit.invalid") String commitAuthorEmail,
        @DefaultValue("code-interpreter-v1") String sandboxTemplate,
        @DefaultValue("1h") Duration sandboxLifetime,
        @DefaultValue("openai:gpt-4o-mini") String defaultModel,
        @DefaultValue("40") int maxSteps,
        @DefaultValue("400000") long maxTokens,
        @DefaultValue("60s") Duration commandTimeout,
        @DefaultValue("120s") Duration gitTimeout,
        @DefaultValue("256MB") DataSize maxWorkTreeSize,
        @DefaultValue("1GB") DataSize maxCloneSize,
        @DefaultValue("2") int commitThreads,
        @DefaultValue("5m") Duration commitTimeout) {
}
