package io.codingit.github.internal;

import io.codingit.auth.AuthenticatedUser;
import io.codingit.ratelimit.RateLimitGroup;
import io.codingit.ratelimit.RateLimited;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The contract's GitHub routes, answered with the caller's own GitHub token. */
@RestController
@RequestMapping("/api/github")
@RateLimited(RateLimitGroup.GITHUB)
class GitHubController {
    private final GitHubService github;

    GitHubController(GitHubService github) {
        this.github = github;
    }

    @GetMapping("/user")
    GitHubViews.User user(@AuthenticationPrincipal AuthenticatedUser user) {
        return github.user(user.id());
    }

    @GetMapping("/orgs")
    List<GitHubViews.Org> orgs(@AuthenticationPrincipal AuthenticatedUser user) {
        return github.orgs(user.id());
    }

    @GetMapping("/repos")
    List<GitHubViews.Repo> repos(@AuthenticationPrincipal AuthenticatedUser user,
                                 @RequestParam(required = false) String owner) {
        return github.repos(user.id(), GitHubParameters.owner(owner));
    }

    @GetMapping("/repos/{owner}/{repo}")
    Object contents(@AuthenticationPrincipal AuthenticatedUser user,
                    @PathVariable String owner, @PathVariable String repo,
                    @RequestParam(required = false) String path,
                    @RequestParam(required = false) String ref) {
        return github.contents(user.id(), GitHubParameters.owner(owner), GitHubParameters.repo(repo),
                GitHubParameters.path(path), GitHubParameters.ref(ref));
    }
}
