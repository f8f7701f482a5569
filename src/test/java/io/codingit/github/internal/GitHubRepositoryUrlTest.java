package io.codingit.github.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubRepositoryUrlTest {
    @ParameterizedTest
    @CsvSource({
            "https://github.com/acme/widgets.git, acme, widgets",
            "https://github.com/acme/widgets, acme, widgets",
            "https://github.com/acme/widgets/, acme, widgets",
            "https://GitHub.com/Acme/my.repo.git, Acme, my.repo",
            "git@github.com:acme/widgets.git, acme, widgets",
            "ssh://git@github.com/acme/widgets.git, acme, widgets",
            "https://ghe.example.com/team/tool.git, team, tool"})
    void readsOwnerAndNameOfGitHubUrls(String url, String owner, String name) {
        assertThat(GitHubRepositoryUrl.tryParse(url, "ghe.example.com")).contains(new GitHubRepositoryUrl(owner, name));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://gitlab.com/acme/widgets.git",
            "http://github.com/acme/widgets.git",
            "https://user:pw@github.com/acme/widgets.git",
            "https://github.com.evil.example/acme/widgets.git",
            "https://github.com/acme",
            "https://github.com/acme/widgets/tree/main",
            "https://github.com/acme/widgets.git?x=1",
            "https://github.com/../widgets.git",
            "https://github.com/acme/.git",
            "file:///etc/passwd",
            "ext::sh -c touch% /tmp/pwned",
            "--upload-pack=touch /tmp/x",
            "git@evil.example:acme/widgets.git"})
    void refusesEverythingElse(String url) {
        assertThat(GitHubRepositoryUrl.tryParse(url, null)).isEmpty();
    }
}
