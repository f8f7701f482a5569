package io.codingit.sandbox;

import java.util.List;

/**
 * A template of the manifest ({@code io/codingit/sandbox/templates.json}): what a sandbox made from it
 * contains and how its code is run.
 *
 * @param id                the contract's template id (e.g. {@code code-interpreter-v1})
 * @param name              display name
 * @param defaultFile       where a fragment's code goes when it names no file
 * @param port              the port a web template serves on; null for the interpreter
 * @param libraries         what the template provides
 * @param startCommand      how a web template's app is started; null for the interpreter
 * @param prepareCommand    run once to build the template's home (e.g. installing packages); null when none
 * @param unavailableReason null when this server can run the template, else why not
 * @param preparation       how the template's home is prepared once per server: {@code npm} ({@code npm ci} of the
 *                          committed package-lock.json), {@code pip}, or null when it needs nothing
 * @param files             the template's own files ({@code io/codingit/sandbox/templates/<id>/}), copied into its
 *                          home before the preparation
 */
public record SandboxTemplate(String id, String name, String defaultFile, Integer port, List<String> libraries,
                              String startCommand, String prepareCommand, String unavailableReason,
                              String preparation, List<String> files) {
    public SandboxTemplate {
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        files = files == null ? List.of() : List.copyOf(files);
    }

    public boolean available() {
        return unavailableReason == null;
    }
}
