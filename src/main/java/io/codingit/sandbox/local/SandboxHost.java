package io.codingit.sandbox.local;

import io.codingit.sandbox.spi.ProviderStatus;

import java.util.Map;

/**
 * What this host offers the local provider, found once at start ({@link HostProbe}).
 *
 * @param status          the provider's status: available or why not, unenforced limits, the health details
 * @param launchers       the launcher of each isolation level in use that this host can run
 * @param levelProblems   each isolation level in use that this host cannot run, and why (in the order of use)
 * @param registryEgress  null unless {@code egress: registries}
 * @param ownsInstanceDir false when the runtime directory failed its safety check: then the server never touches it
 */
record SandboxHost(ProviderStatus status, Map<String, SandboxLauncher> launchers, Map<String, String> levelProblems,
                   Cgroups cgroups, HomeLayer homeLayer, SandboxNetwork network, RegistryEgress registryEgress,
                   boolean ownsInstanceDir) {
}
