/**
 * The sandbox provider boundary, and part of the sandbox feature's public API (a named interface):
 * other features receive a {@link io.codingit.sandbox.spi.Sandbox} from {@link io.codingit.sandbox.Sandboxes}
 * and run {@link io.codingit.sandbox.spi.Command}s in it. Providers (local bubblewrap today; Kubernetes or a
 * remote service later) implement {@link io.codingit.sandbox.spi.SandboxProvider}.
 */
package io.codingit.sandbox.spi;
