package io.codingit.sandbox;

import io.codingit.common.DomainException.Kind;
import io.codingit.sandbox.spi.Sandbox;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A fragment's extra dependencies, installed into its sandbox before its code runs. With
 * {@code egress: registries} installers reach the package registries through the server's proxy; the same
 * dependency set for the same template is installed once and then unpacked from a cached layer.
 */
public interface FragmentDependencies {
    /**
     * Installs what {@code request} asks for (nothing when it asks for nothing), streaming the installer's
     * output to {@code output} as it comes. A failure is a {@link SandboxException} ({@code install_failed})
     * whose message ends with the tail of the installer's output.
     */
    void install(Sandbox sandbox, SandboxTemplate template, Request request, Consumer<String> output);

    /**
     * What a fragment says about its dependencies (the contract's three fields).
     *
     * @param hasAdditionalDependencies the fragment's flag; false means nothing is installed
     * @param installCommand            the shell command the model wrote, e.g. {@code pip install seaborn}
     * @param additionalDependencies    package names; installed with the template's installer when no command is given
     */
    record Request(Boolean hasAdditionalDependencies, String installCommand, List<String> additionalDependencies) {
        /** A package requirement as pip and npm take it: a name, extras, a version range, an npm scope or tag. */
        private static final Pattern REQUIREMENT = Pattern.compile("@?[A-Za-z0-9][A-Za-z0-9._/\\-\\[\\],<>=!~^*@+]{0,200}");

        /** The shell command to run for {@code template}, if any; invalid package names are a 400. */
        public Optional<String> command(SandboxTemplate template) {
            if (!Boolean.TRUE.equals(hasAdditionalDependencies)) {
                return Optional.empty();
            }
            if (installCommand != null && !installCommand.isBlank()) {
                return Optional.of(installCommand.strip());
            }
            List<String> packages = additionalDependencies == null ? List.of() : additionalDependencies;
            if (packages.isEmpty()) {
                return Optional.empty();
            }
            for (String requirement : packages) {
                if (requirement == null || !REQUIREMENT.matcher(requirement).matches()) {
                    throw new SandboxException(Kind.INVALID, "invalid_dependency",
                            "additional_dependencies holds something that is not a package name: "
                                    + (requirement == null ? "null" : requirement.length() > 60 ? requirement.substring(0, 60) + "..." : requirement));
                }
            }
            String installer = "npm".equals(template.preparation()) ? "npm install --no-audit --no-fund" : "pip install";
            return Optional.of(installer + " " + String.join(" ", packages.stream().map(p -> "'" + p + "'").toList()));
        }
    }
}
