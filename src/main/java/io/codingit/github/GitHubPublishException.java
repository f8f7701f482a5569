package io.codingit.github;

import io.codingit.common.DomainException;

/** GitHub refused to create a repository, in our words. */
public final class GitHubPublishException extends DomainException {
    public GitHubPublishException(Kind kind, String code, String message) {
        super(kind, code, message);
    }
}
