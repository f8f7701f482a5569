package io.codingit.files;

import io.codingit.support.property.Gen;
import io.codingit.support.property.PropertyRun;
import io.codingit.support.property.PropertyTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever string arrives, an accepted path stays inside its owner's workspace and names exactly
 * one entry there.
 */
class WorkspacePathProperties {
    private static final Path ALICE = Path.of("/srv/workspaces/alice");
    /** A sibling whose name starts with Alice's: a naive string-prefix check would confuse them. */
    private static final Path ALICE2 = Path.of("/srv/workspaces/alice2");

    /** Pieces that attackers and clumsy clients combine. */
    private static final List<String> TRICKY = List.of(
            "..", ".", "", "/", "//", "\\", "a", "src", "src2", "é", "e\u0301", "\u0000", "\n", "\u202E",
            "\u200B", "\uFEFF", "\uFF0E", "\uFF0F", "\u2215", "\u2025", " ", "\u00A0", "%2e%2e", "~", "$HOME",
            "\uD83D\uDE00", "\uD800", "C:", "nul", "日本", ":", "*", "?");

    private static final Gen<String> HOSTILE_STRINGS = Gen.oneOf(
            Gen.of(TRICKY).list(12).map(l -> String.join("", l)),
            Gen.of(TRICKY).list(8).map(l -> String.join("/", l)),
            Gen.strings(40),
            Gen.strings("./\\ab", 0, 20));

    @PropertyTest(cases = 3000)
    void acceptedPathsStayInsideTheirWorkspace(PropertyRun run) {
        run.forAll(HOSTILE_STRINGS, raw -> accept(raw).ifPresent(path -> {
                Path resolved = ALICE.resolve(path.value()).normalize();
                assertThat(resolved.startsWith(ALICE)).isTrue();
                assertThat(resolved).isNotEqualTo(ALICE);
                assertThat(resolved.startsWith(ALICE2)).isFalse();
                assertThat(path.resolveAgainst(ALICE)).isEqualTo(resolved);
            }));
        }

        @PropertyTest(cases = 3000)
        void acceptedPathsAreCanonical(PropertyRun run) {
            run.forAll(HOSTILE_STRINGS, raw -> accept(raw).ifPresent(path -> {
                String v = path.value();
                assertThat(v).doesNotStartWith("/").doesNotEndWith("/").doesNotContain("//", "\\", "\u0000");
                assertThat(v.split("/", -1)).allSatisfy(segment -> {
                    assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
                    assertThat(segment.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
                });
                assertThat(Normalizer.isNormalized(v, Normalizer.Form.NFC)).isTrue();
                assertThat(v.codePointCount(0, v.length())).isLessThanOrEqualTo(1024);
                assertThat(WorkspacePath.of(v)).isEqualTo(path);
            }));
        }

        @PropertyTest(cases = 2000)
        void distinctAcceptedPathsNameDistinctFiles(PropertyRun run) {
            run.forAll(Gen.pairs(HOSTILE_STRINGS, HOSTILE_STRINGS), ab -> {
            Optional<WorkspacePath> pa = accept(ab.first());
            Optional<WorkspacePath> pb = accept(ab.second());
            if (pa.isPresent() && pb.isPresent()) {
                boolean sameValue = pa.get().equals(pb.get());
                boolean sameFile = pa.get().resolveAgainst(ALICE).equals(pb.get().resolveAgainst(ALICE));
                assertThat(sameFile).isEqualTo(sameValue);
            }
        });
    }

    @PropertyTest(cases = 2000)
    void descendantsAreExactlyTheFilesUnderTheDirectory(PropertyRun run) {
        run.forAll(Gen.pairs(HOSTILE_STRINGS, HOSTILE_STRINGS), ab -> {
            Optional<WorkspacePath> dir = accept(ab.first());
            Optional<WorkspacePath> other = accept(ab.second());
            if (dir.isPresent() && other.isPresent()) {
                Path dirFile = dir.get().resolveAgainst(ALICE);
                Path otherFile = other.get().resolveAgainst(ALICE);
                boolean underOnDisk = otherFile.startsWith(dirFile) && !otherFile.equals(dirFile);
                assertThat(other.get().isDescendantOf(dir.get())).isEqualTo(underOnDisk);
            }
        });
    }

    @PropertyTest(cases = 1000)
    void rebasingKeepsTheRelativeRemainder(PropertyRun run) {
        run.forAll(Gen.triples(HOSTILE_STRINGS, HOSTILE_STRINGS, HOSTILE_STRINGS), abc -> {
            Optional<WorkspacePath> from = accept(abc.first());
            Optional<WorkspacePath> to = accept(abc.second());
            Optional<WorkspacePath> child = accept(abc.third());
            if (from.isPresent() && to.isPresent() && child.isPresent()) {
                WorkspacePath under = accept(from.get().value() + "/" + child.get().value()).orElse(null);
                if (under != null) {
                    Optional<WorkspacePath> moved = accept(to.get().value() + "/" + child.get().value());
                    moved.ifPresent(m -> assertThat(under.rebase(from.get(), to.get())).isEqualTo(m));
                }
            }
        });
    }

    private static Optional<WorkspacePath> accept(String raw) {
        try {
            return Optional.of(WorkspacePath.of(raw));
        } catch (InvalidPathException e) {
            assertThat(e.getMessage()).contains("(rule: ").doesNotContain("\u0000");
            return Optional.empty();
        }
    }
}
