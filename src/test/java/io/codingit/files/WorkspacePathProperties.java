package io.codingit.files;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

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

    @Provide
    Arbitrary<String> hostileStrings() {
        Arbitrary<String> pieces = Arbitraries.of(TRICKY).list().ofMaxSize(12).map(l -> String.join("", l));
        Arbitrary<String> joined = Arbitraries.of(TRICKY).list().ofMaxSize(8).map(l -> String.join("/", l));
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> asciiWithSlashes = Arbitraries.strings().withChars("./\\ab").ofMaxLength(20);
        return Arbitraries.oneOf(pieces, joined, anyUnicode, asciiWithSlashes);
    }

    @Property(tries = 3000)
    void acceptedPathsStayInsideTheirWorkspace(@ForAll("hostileStrings") String raw) {
        accept(raw).ifPresent(path -> {
            Path resolved = ALICE.resolve(path.value()).normalize();
            assertThat(resolved.startsWith(ALICE)).isTrue();
            assertThat(resolved).isNotEqualTo(ALICE);
            assertThat(resolved.startsWith(ALICE2)).isFalse();
            assertThat(path.resolveAgainst(ALICE)).isEqualTo(resolved);
        });
    }

    @Property(tries = 3000)
    void acceptedPathsAreCanonical(@ForAll("hostileStrings") String raw) {
        accept(raw).ifPresent(path -> {
            String v = path.value();
            assertThat(v).doesNotStartWith("/").doesNotEndWith("/").doesNotContain("//", "\\", "\u0000");
            assertThat(v.split("/", -1)).allSatisfy(segment -> {
                assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
                assertThat(segment.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            });
            assertThat(Normalizer.isNormalized(v, Normalizer.Form.NFC)).isTrue();
            assertThat(v.codePointCount(0, v.length())).isLessThanOrEqualTo(1024);
            assertThat(WorkspacePath.of(v)).isEqualTo(path);
        });
    }

    @Property(tries = 2000)
    void distinctAcceptedPathsNameDistinctFiles(@ForAll("hostileStrings") String a, @ForAll("hostileStrings") String b) {
        Optional<WorkspacePath> pa = accept(a);
        Optional<WorkspacePath> pb = accept(b);
        if (pa.isPresent() && pb.isPresent()) {
            boolean sameValue = pa.get().equals(pb.get());
            boolean sameFile = pa.get().resolveAgainst(ALICE).equals(pb.get().resolveAgainst(ALICE));
            assertThat(sameFile).isEqualTo(sameValue);
        }
    }

    @Property(tries = 2000)
    void descendantsAreExactlyTheFilesUnderTheDirectory(@ForAll("hostileStrings") String a, @ForAll("hostileStrings") String b) {
        Optional<WorkspacePath> dir = accept(a);
        Optional<WorkspacePath> other = accept(b);
        if (dir.isPresent() && other.isPresent()) {
            Path dirFile = dir.get().resolveAgainst(ALICE);
            Path otherFile = other.get().resolveAgainst(ALICE);
            boolean underOnDisk = otherFile.startsWith(dirFile) && !otherFile.equals(dirFile);
            assertThat(other.get().isDescendantOf(dir.get())).isEqualTo(underOnDisk);
        }
    }

    @Property(tries = 1000)
    void rebasingKeepsTheRelativeRemainder(@ForAll("hostileStrings") String a, @ForAll("hostileStrings") String b,
                                           @ForAll("hostileStrings") String c) {
        Optional<WorkspacePath> from = accept(a);
        Optional<WorkspacePath> to = accept(b);
        Optional<WorkspacePath> child = accept(c);
        if (from.isPresent() && to.isPresent() && child.isPresent()) {
            WorkspacePath under = accept(from.get().value() + "/" + child.get().value()).orElse(null);
            if (under != null) {
                Optional<WorkspacePath> moved = accept(to.get().value() + "/" + child.get().value());
                moved.ifPresent(m -> assertThat(under.rebase(from.get(), to.get())).isEqualTo(m));
            }
        }
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
