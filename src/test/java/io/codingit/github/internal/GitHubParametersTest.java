package io.codingit.github.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The git ref rules (check-ref-format) and the encoding of what goes into GitHub URLs. */
class GitHubParametersTest {
    @ParameterizedTest
    @ValueSource(strings = {"main", "feature/x", "v1.2.3", "release-2026.01", "a+b", "refs/heads/main", "3f2a9c1"})
    void validRefs(String ref) {
        assertThat(GitHubParameters.isValidRef(ref)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b", "a b", "x~1", "x^", "a:b", "a?", "a*", "a[b", "a\\b", "/a", "a/", "a//b", "a.",
            "@", "a@{1}", ".hidden", "dir/.hidden", "x.lock", "dir/x.lock", "tab\tref"})
    void invalidRefs(String ref) {
        assertThat(GitHubParameters.isValidRef(ref)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void segmentsAreEncodedSoNothingChangesTheEndpoint() {
        assertThat(GitHubParameters.segment("a b/c?d#e")).isEqualTo("a%20b%2Fc%3Fd%23e");
        assertThat(GitHubParameters.pathSegments("docs/read me.md")).isEqualTo("docs/read%20me.md");
        assertThat(GitHubParameters.query("feature/x+y&z=1")).isEqualTo("feature%2Fx%2By%26z%3D1");
    }
}
