package io.codingit.files.internal;

import io.codingit.files.FileNode;
import io.codingit.files.IfMatch;
import io.codingit.files.MoveResult;
import io.codingit.files.NewEntry;
import io.codingit.files.PathConflictException;
import io.codingit.files.WorkspaceFile;
import io.codingit.files.WorkspaceFiles;
import io.codingit.files.WorkspacePath;
import io.codingit.support.StatementCountingDataSource;
import io.codingit.common.DomainException;
import io.codingit.web.DomainErrorStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.util.unit.DataSize;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The workspace files service against a real database, written once and run on H2 and PostgreSQL.
 * Each test works in a fresh user's workspace, so tests never see each other's entries.
 */
abstract class WorkspaceFilesServiceTests {
    @Autowired
    WorkspaceFiles files;
    @Autowired
    DataSource dataSource;

    private final String user = "user-" + UUID.randomUUID();

    @Test
    void createsFilesWithTheirParentsAndListsThemDirectoriesFirstInNaturalOrder() {
        files.create(user, file("src/file10.js", "ten"));
        files.create(user, file("src/file2.js", "two"));
        files.create(user, NewEntry.directory(path("src/lib")));
        files.create(user, file("README.md", "# hi"));
        files.create(user, NewEntry.directory(path("docs")));

        List<FileNode> tree = files.tree(user);

        assertThat(tree).extracting(FileNode::path).containsExactly("docs", "src", "README.md");
        assertThat(tree.get(0).children()).isEmpty();
        assertThat(tree.get(2).children()).isNull();
        assertThat(tree.get(1).children()).extracting(FileNode::path)
                .containsExactly("src/lib", "src/file2.js", "src/file10.js");
    }

    @Test
    void aCreatedFileCarriesItsMetadata() {
        WorkspaceFile created = files.create(user, file("a/b/c.txt", "héllo"));

        assertThat(created.name()).isEqualTo("c.txt");
        assertThat(created.parentPath()).isEqualTo("a/b");
        assertThat(created.sizeBytes()).isEqualTo(6);
        assertThat(created.userId()).isEqualTo(user);
        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        WorkspaceFile read = files.readFile(user, path("a/b/c.txt"));
        assertThat(read.id()).isEqualTo(created.id());
        assertThat(read.content()).isEqualTo(created.content());
        assertThat(read.createdAt()).isEqualTo(created.createdAt());
    }

    @Test
    void refusesToCreateAnExistingPathOrUnderAFile() {
        files.create(user, file("a.txt", "x"));
        files.create(user, NewEntry.directory(path("dir")));

        assertStatus(() -> files.create(user, file("a.txt", "y")), HttpStatus.CONFLICT);
        assertStatus(() -> files.create(user, NewEntry.directory(path("dir"))), HttpStatus.CONFLICT);
        assertStatus(() -> files.create(user, file("a.txt/inner", "y")), HttpStatus.CONFLICT);
        assertStatus(() -> files.create(user, file("a.txt/deeper/inner", "y")), HttpStatus.CONFLICT);
        assertThat(files.readFile(user, path("a.txt")).content()).isEqualTo(bytes("x"));
        assertThat(files.tree(user)).hasSize(2);
    }

    @Test
    void batchImportIsAllOrNothingAndListsEveryConflict() {
        files.create(user, file("exists.txt", "keep"));
        List<NewEntry> batch = List.of(file("new/one.txt", "1"), file("exists.txt", "overwrite?"),
                file("twice.txt", "a"), file("twice.txt", "b"), file("new/f", "file"), file("new/f/child", "c"));

        assertThatThrownBy(() -> files.importAll(user, batch))
                .isInstanceOfSatisfying(PathConflictException.class, e -> {
                    assertThat(e.paths()).containsExactlyInAnyOrder("exists.txt", "twice.txt", "new/f/child");
                    assertThat(e.getMessage()).contains("exists.txt", "twice.txt", "new/f/child");
                });

        assertThat(files.tree(user)).extracting(FileNode::path).containsExactly("exists.txt");
        assertThat(files.readFile(user, path("exists.txt")).content()).isEqualTo(bytes("keep"));
    }

    @Test
    void batchImportCreatesEverythingWithParents() {
        List<WorkspaceFile> imported = files.importAll(user, List.of(file("app/src/main.py", "print(1)"),
                NewEntry.directory(path("app/empty")), file("app/README", "")));

        assertThat(imported).extracting(f -> f.path().value()).containsExactly("app/src/main.py", "app/empty", "app/README");
        List<FileNode> tree = files.tree(user);
        assertThat(tree).extracting(FileNode::path).containsExactly("app");
        assertThat(tree.getFirst().children()).extracting(FileNode::path).containsExactly("app/empty", "app/src", "app/README");
    }

    @Test
    void batchImportRefusesEmptyAndOversizedBatches() {
        assertStatus(() -> files.importAll(user, List.of()), HttpStatus.BAD_REQUEST);
        List<NewEntry> tooMany = IntStream.range(0, 1001).mapToObj(i -> file("f" + i, "")).toList();
        assertStatus(() -> files.importAll(user, tooMany), HttpStatus.BAD_REQUEST);
        assertThat(files.tree(user)).isEmpty();
    }

    @Test
    void deletingADirectoryRemovesExactlyItsSubtree() {
        files.importAll(user, List.of(file("src/a.js", "a"), file("src/deep/b.js", "b"), file("src2/c.js", "c"),
                file("src.txt", "d"), file("srcs/x", "x")));

        assertThat(files.delete(user, path("src"))).isEqualTo(4);

        assertThat(files.tree(user)).extracting(FileNode::path).containsExactly("src2", "srcs", "src.txt");
        assertStatus(() -> files.delete(user, path("src")), HttpStatus.NOT_FOUND);
    }

    @Test
    void pathsWithLikeWildcardsAreMatchedLiterally() {
        files.importAll(user, List.of(file("a_b/1", "1"), file("axb/2", "2"), file("a%/3", "3"), file("aZZ/4", "4")));

        files.delete(user, path("a_b"));
        files.delete(user, path("a%"));

        assertThat(files.tree(user)).extracting(FileNode::path).containsExactly("axb", "aZZ");
    }

    @Test
    void updatingContentBumpsVersionSizeAndTime() {
        WorkspaceFile created = files.create(user, file("f.txt", "one"));

        WorkspaceFile updated = files.updateContent(user, path("f.txt"), bytes("three"), IfMatch.NONE);

        assertThat(updated.version()).isEqualTo(created.version() + 1);
        assertThat(updated.etag()).isNotEqualTo(created.etag());
        assertThat(updated.sizeBytes()).isEqualTo(5);
        assertThat(updated.updatedAt()).isAfter(created.updatedAt());
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(files.readFile(user, path("f.txt")).content()).isEqualTo(bytes("three"));
    }

    @Test
    void aStaleIfMatchIsRefusedAndNothingIsOverwritten() {
        WorkspaceFile created = files.create(user, file("f.txt", "v1"));
        WorkspaceFile tabOne = files.updateContent(user, path("f.txt"), bytes("tab one"), IfMatch.parse(created.etag()));

        assertStatus(() -> files.updateContent(user, path("f.txt"), bytes("tab two"), IfMatch.parse(created.etag())),
                HttpStatus.PRECONDITION_FAILED);
        assertStatus(() -> files.updateContent(user, path("f.txt"), bytes("weak"), IfMatch.parse("W/" + tabOne.etag())),
                HttpStatus.PRECONDITION_FAILED);

        assertThat(files.readFile(user, path("f.txt")).content()).isEqualTo(bytes("tab one"));
        files.updateContent(user, path("f.txt"), bytes("any"), IfMatch.parse("*"));
        files.updateContent(user, path("f.txt"), bytes("listed"), IfMatch.parse("\"nope\", " + files.readFile(user, path("f.txt")).etag()));
        assertThat(files.readFile(user, path("f.txt")).content()).isEqualTo(bytes("listed"));
    }

    @Test
    void readingAndUpdatingDirectoriesOrMissingFilesFails() {
        files.create(user, NewEntry.directory(path("dir")));

        assertStatus(() -> files.readFile(user, path("dir")), HttpStatus.BAD_REQUEST);
        assertStatus(() -> files.updateContent(user, path("dir"), bytes("x"), IfMatch.NONE), HttpStatus.BAD_REQUEST);
        assertStatus(() -> files.readFile(user, path("missing")), HttpStatus.NOT_FOUND);
        assertStatus(() -> files.updateContent(user, path("missing"), bytes("x"), IfMatch.NONE), HttpStatus.NOT_FOUND);
    }

    @Test
    void movesADirectoryWithEverythingUnderIt() {
        files.importAll(user, List.of(file("src/a.js", "a"), file("src/lib/b.js", "b"), file("src2/keep.js", "k")));
        WorkspaceFile before = files.readFile(user, path("src/lib/b.js"));

        MoveResult result = files.move(user, path("src"), path("app/code"));

        assertThat(result.moved()).isEqualTo(4);
        assertThat(result.file().path().value()).isEqualTo("app/code");
        assertThat(result.file().directory()).isTrue();
        WorkspaceFile after = files.readFile(user, path("app/code/lib/b.js"));
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.etag()).isEqualTo(before.etag());
        assertThat(after.parentPath()).isEqualTo("app/code/lib");
        assertStatus(() -> files.readFile(user, path("src/a.js")), HttpStatus.NOT_FOUND);
        assertThat(files.readFile(user, path("src2/keep.js")).content()).isEqualTo(bytes("k"));
        assertThat(files.tree(user)).extracting(FileNode::path).containsExactly("app", "src2");
    }

    @Test
    void renamesAFile() {
        files.create(user, file("old.txt", "data"));

        files.move(user, path("old.txt"), path("new.txt"));

        assertThat(files.readFile(user, path("new.txt")).name()).isEqualTo("new.txt");
        assertThat(files.tree(user)).extracting(FileNode::path).containsExactly("new.txt");
    }

    @Test
    void refusesBadMoves() {
        files.importAll(user, List.of(file("a/x", "x"), file("b", "b"), file("c/y", "y")));

        assertStatus(() -> files.move(user, path("a"), path("a/inside")), HttpStatus.BAD_REQUEST);
        assertStatus(() -> files.move(user, path("a"), path("a")), HttpStatus.BAD_REQUEST);
        assertStatus(() -> files.move(user, path("a"), path("c")), HttpStatus.CONFLICT);
        assertStatus(() -> files.move(user, path("a"), path("b/a")), HttpStatus.CONFLICT);
        assertStatus(() -> files.move(user, path("nothing"), path("z")), HttpStatus.NOT_FOUND);
        assertThat(files.readFile(user, path("a/x")).content()).isEqualTo(bytes("x"));
        assertThat(files.readFile(user, path("c/y")).content()).isEqualTo(bytes("y"));
    }

    @Test
    void theLongestAcceptedPathIsStoredAndFound() {
        // 8 segments of 63 four-byte emoji: 2,023 UTF-8 bytes, near the 2,048-byte cap that keeps
        // (user_id, path) inside PostgreSQL's B-tree entry size.
        String segment = "\uD83D\uDE00".repeat(63);
        WorkspacePath longest = path(String.join("/", java.util.Collections.nCopies(8, segment)));
        assertThat(longest.value().getBytes(StandardCharsets.UTF_8).length).isBetween(2000, 2048);

        files.create(user, NewEntry.file(longest, bytes("deep")));
        files.move(user, path(segment), path("renamed"));

        WorkspacePath moved = longest.rebase(path(segment), path("renamed"));
        assertThat(files.readFile(user, moved).content()).isEqualTo(bytes("deep"));
        assertThat(files.delete(user, path("renamed"))).isEqualTo(8);
    }

    @Test
    void binaryContentRoundTripsIntact() {
        byte[] random = new byte[64 * 1024];
        new Random(42).nextBytes(random);

        files.create(user, NewEntry.file(path("blob.bin"), random));

        assertThat(files.readFile(user, path("blob.bin")).content()).isEqualTo(random);
    }

    @Test
    void usersNeverSeeEachOthersEntries() {
        String other = "other-" + UUID.randomUUID();
        files.create(user, file("secret/plan.txt", "mine"));

        assertThat(files.tree(other)).isEmpty();
        assertStatus(() -> files.readFile(other, path("secret/plan.txt")), HttpStatus.NOT_FOUND);
        assertStatus(() -> files.updateContent(other, path("secret/plan.txt"), bytes("x"), IfMatch.NONE), HttpStatus.NOT_FOUND);
        assertStatus(() -> files.delete(other, path("secret")), HttpStatus.NOT_FOUND);
        assertStatus(() -> files.move(other, path("secret"), path("stolen")), HttpStatus.NOT_FOUND);
        files.create(other, file("secret/plan.txt", "theirs"));

        assertThat(files.readFile(user, path("secret/plan.txt")).content()).isEqualTo(bytes("mine"));
        assertThat(files.readFile(other, path("secret/plan.txt")).content()).isEqualTo(bytes("theirs"));
    }

    @Test
    void concurrentCreatesOfOnePathHaveExactlyOneWinner() throws Exception {
        int contenders = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            String content = "writer " + i;
            attempts.add(() -> {
                start.await();
                try {
                    files.create(user, file("race/same.txt", content));
                    return true;
                } catch (PathConflictException e) {
                    return false;
                }
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(contenders)) {
            List<Future<Boolean>> outcomes = attempts.stream().map(pool::submit).toList();
            start.countDown();
            long winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        }
        assertThat(files.tree(user)).hasSize(1);
    }

    @Test
    void limitsAreEnforcedAgainstExactTotals() {
        WorkspaceFiles small = serviceWith(new FilesProperties(DataSize.ofBytes(100), DataSize.ofBytes(250), 5, 1000),
                dataSource);

        assertStatus(() -> small.create(user, NewEntry.file(path("big"), new byte[101])), HttpStatus.CONTENT_TOO_LARGE);
        small.create(user, NewEntry.file(path("d/one"), new byte[100]));
        small.create(user, NewEntry.file(path("d/two"), new byte[100]));
        assertThatThrownBy(() -> small.create(user, NewEntry.file(path("three"), new byte[100])))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(DomainErrorStatus.of(e.kind())).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
                    assertThat(e.getMessage()).contains("200 of 250 bytes used");
                });
        assertStatus(() -> small.updateContent(user, path("d/one"), new byte[100 + 51], IfMatch.NONE),
                HttpStatus.CONTENT_TOO_LARGE);
        small.updateContent(user, path("d/one"), new byte[10], IfMatch.NONE);
        small.create(user, NewEntry.file(path("three"), new byte[100]));
        // d, d/one, d/two, three: a fifth entry is fine, a batch of two more is not
        assertStatus(() -> small.importAll(user, List.of(file("x/y", ""))), HttpStatus.CONTENT_TOO_LARGE);
        small.delete(user, path("d"));
        small.importAll(user, List.of(file("x/y", "")));
        assertThat(small.tree(user)).extracting(FileNode::path).containsExactly("x", "three");
    }

    @Test
    void listingAndImportUseAConstantNumberOfStatements() {
        StatementCountingDataSource counting = new StatementCountingDataSource(dataSource);
        WorkspaceFiles counted = serviceWith(new FilesProperties(DataSize.ofMegabytes(5), DataSize.ofMegabytes(100),
                50_000, 1000), counting);

        counted.create(user, file("first.txt", "the first write also creates the usage row"));
        counting.reset();
        counted.importAll(user, generatedFiles("small", 3));
        int smallImport = counting.executions();
        counting.reset();
        counted.importAll(user, generatedFiles("large", 1000));
        int largeImport = counting.executions();
        counting.reset();
        assertThat(counted.tree(user)).isNotEmpty();
        int listing = counting.executions();

        assertThat(largeImport).isEqualTo(smallImport).isLessThanOrEqualTo(6);
        assertThat(listing).isEqualTo(1);
    }

    private static List<NewEntry> generatedFiles(String root, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> file(root + "/d" + (i % 10) + "/e" + (i % 7) + "/f" + i + ".txt", "content " + i))
                .toList();
    }

    private static WorkspaceFiles serviceWith(FilesProperties properties, DataSource dataSource) {
        return new JdbcWorkspaceFiles(new WorkspaceFileRepository(JdbcClient.create(dataSource), new JdbcTemplate(dataSource)),
                properties, new DataSourceTransactionManager(dataSource), event -> { });
    }

    static NewEntry file(String path, String content) {
        return NewEntry.file(path(path), bytes(content));
    }

    static WorkspacePath path(String raw) {
        return WorkspacePath.of(raw);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertStatus(Runnable action, HttpStatus status) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(DomainErrorStatus.of(e.kind())).as(e.getMessage()).isEqualTo(status));
    }
}
