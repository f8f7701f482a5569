package io.codingit.tasks.internal;

/**
 * How a successful task ended.
 *
 * @param branchName the pushed branch, or null when nothing was pushed
 * @param sandboxUrl the sandbox's URL, or null
 * @param message    the final success line, e.g. "Pushed codingit/fix-typo-a1b2c3" or "No changes to commit"
 */
public record TaskOutcome(String branchName, String sandboxUrl, String message) {
}
