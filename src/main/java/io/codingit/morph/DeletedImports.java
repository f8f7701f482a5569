package io.codingit.morph;

import io.codingit.morph.Alignment.Window;
import java.util.List;

/**
 * Whether a reading of the update keeps a use of a name whose import it deletes (docs/morph.md, "a close call is
 * settled by the imports the update deletes"): an update that takes away {@code import org.junit.Before} also takes
 * away the {@code @Before} method, so of two readings of a run, one deleting that method and one keeping it, the
 * second leaves the file using a name nothing imports any more. Only the forms {@link ImportedNames} reads count,
 * and a name that another import of the file still binds is not left dangling. One per pass.
 */
final class DeletedImports extends DeletedBindings {

    DeletedImports(Alignment alignment) {
        super(alignment);
    }

    @Override
    List<String> boundBy(String line) {
        return Declarations.isImport(line.strip()) ? ImportedNames.boundBy(line) : List.of();
    }

    @Override
    boolean keptLinesCount() {
        return true;
    }

    @Override
    boolean matchedLinesCount() {
        return true;
    }

    /** Whether the file that {@code windows} give still mentions a name that only an import they delete bound. */
    boolean keepsAUseOfADeletedImport(Window[] windows) {
        return keepsAUseOfADeletedBinding(windows);
    }
}
