package io.codingit.sandbox.kubernetes;

import io.codingit.sandbox.SandboxProperties;
import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Kubernetes provider's settings, checked once at start: a wrong value stops the server with a message that
 * names the key, instead of surfacing later as a cryptic API error on the first sandbox.
 */
record KubernetesSettings(KubernetesSandboxProperties.Mode mode, String namespace, String image, String imagePullPolicy,
                          String runtimeClassName, int agentPort, Map<String, Quantity> requests,
                          Map<String, Quantity> limits, Map<String, String> labels, Map<String, String> serverLabels,
                          String serverNamespace, int warmPool, Duration startupTimeout, String sandboxApiVersion,
                          SandboxProperties.Egress egress, long homeSizeBytes, Duration commandTimeout, long outputLimit,
                          String egressProxyAddress, Map<String, String> templateRuntimeClasses) {

    static final String PREFIX = "codingit.sandbox.kubernetes.";
    /** The label prefix the provider keeps for itself; configured labels may not use it. */
    static final String OWN_LABEL_PREFIX = "codingit.io/";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,510}");
    private static final Pattern API_VERSION = Pattern.compile("agents\\.x-k8s\\.io/v[0-9]+((alpha|beta)[0-9]+)?");
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    private static final Pattern HOST_AND_PORT = Pattern.compile(
            "(?:[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\]):(?<port>[0-9]{1,5})");
    private static final Set<String> RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");

    /**
     * Checks and resolves the configured values.
     *
     * @param clientNamespace the namespace the Kubernetes client was configured with (null when none)
     * @throws IllegalArgumentException naming every wrong key, one per line
     */
    /** The RuntimeClass of the {@code gvisor} level when {@code runtime-class-name} names none (gVisor's docs' name). */
    static final String GVISOR_RUNTIME_CLASS = "gvisor";

    static KubernetesSettings of(KubernetesSandboxProperties p, SandboxProperties sandbox, String clientNamespace) {
        List<String> problems = new ArrayList<>();
        String namespace = p.namespace().isBlank() ? clientNamespace : p.namespace().trim();
        if (namespace == null || namespace.isBlank()) {
            problems.add(PREFIX + "namespace is required (the client has no namespace of its own outside a cluster)");
        } else if (!DNS_LABEL.matcher(namespace).matches()) {
            problems.add(PREFIX + "namespace '" + namespace + "' is not a valid namespace name (lower-case letters, digits, '-', at most 63)");
        }
        if (p.image().isBlank()) {
            problems.add(PREFIX + "image is required: the sandbox image whose entry point is the agent (deploy/sandbox/Dockerfile)");
        } else if (!IMAGE.matcher(p.image().trim()).matches()) {
            problems.add(PREFIX + "image '" + p.image() + "' is not an image reference");
        }
        if (!PULL_POLICIES.contains(p.imagePullPolicy())) {
            problems.add(PREFIX + "image-pull-policy must be one of Always, IfNotPresent, Never");
        }
        if (!p.runtimeClassName().isBlank() && !DNS_SUBDOMAIN.matcher(p.runtimeClassName()).matches()) {
            problems.add(PREFIX + "runtime-class-name '" + p.runtimeClassName() + "' is not a valid RuntimeClass name");
        }
        String level = sandbox.isolation().level();
        if (!SandboxProperties.Isolation.LEVELS.contains(level)) {
            problems.add("codingit.sandbox.isolation.level: unknown isolation level '"
                    + level.replaceAll("[^A-Za-z0-9_.-]", "?") + "': use namespaces or gvisor");
        }
        // the server's level is runtime-class-name, or the cluster's gVisor RuntimeClass (conventionally named
        // gvisor) at the gvisor level
        String runtimeClassName = !p.runtimeClassName().isBlank() || !level.equals("gvisor")
                ? p.runtimeClassName() : GVISOR_RUNTIME_CLASS;
        // a template at another level: gvisor is the gVisor RuntimeClass, namespaces the cluster's default
        Map<String, String> templateRuntimeClasses = new LinkedHashMap<>();
        sandbox.isolation().templates().forEach((template, templateLevel) -> {
            if (!SandboxProperties.Isolation.LEVELS.contains(templateLevel)) {
                problems.add("codingit.sandbox.isolation.templates." + template + ": unknown isolation level '"
                        + templateLevel.replaceAll("[^A-Za-z0-9_.-]", "?") + "': use namespaces or gvisor");
            } else if (!templateLevel.equals(level)) {
                templateRuntimeClasses.put(template, templateLevel.equals("gvisor") ? GVISOR_RUNTIME_CLASS : "");
            }
        });
        if (p.agentPort() < 1 || p.agentPort() > 65535) {
            problems.add(PREFIX + "agent-port must be between 1 and 65535");
        }
        Map<String, Quantity> requests = quantities("requests", p.requests(), problems);
        Map<String, String> defaultLimits = new LinkedHashMap<>();
        defaultLimits.put("cpu", Double.toString(sandbox.cpus()));
        defaultLimits.put("memory", Long.toString(sandbox.memory().toBytes()));
        defaultLimits.putAll(p.limits());
        Map<String, Quantity> limits = quantities("limits", defaultLimits, problems);
        requests.forEach((name, request) -> {
            Quantity limit = limits.get(name);
            if (limit != null && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                problems.add(PREFIX + "requests." + name + " (" + request + ") is above limits." + name + " (" + limit + ")");
            }
        });
        checkLabels("labels", p.labels(), problems, true);
        checkLabels("server-labels", p.serverLabels(), problems, false);
        if (!p.serverNamespace().isBlank() && !DNS_LABEL.matcher(p.serverNamespace()).matches()) {
            problems.add(PREFIX + "server-namespace '" + p.serverNamespace() + "' is not a valid namespace name");
        }
        if (p.warmPool() < 0 || p.warmPool() > 100) {
            problems.add(PREFIX + "warm-pool must be between 0 and 100");
        }
        if (p.startupTimeout() == null || p.startupTimeout().isNegative() || p.startupTimeout().isZero()) {
            problems.add(PREFIX + "startup-timeout must be positive");
        }
        if (!API_VERSION.matcher(p.sandboxApiVersion()).matches()) {
            problems.add(PREFIX + "sandbox-api-version must be agents.x-k8s.io/<version>, e.g. agents.x-k8s.io/v1alpha1");
        }
        String proxyAddress = p.egressProxyAddress().trim();
        if (!proxyAddress.isEmpty()) {
            var matcher = HOST_AND_PORT.matcher(proxyAddress);
            if (!matcher.matches() || Integer.parseInt(matcher.group("port")) < 1
                    || Integer.parseInt(matcher.group("port")) > 65535) {
                problems.add(PREFIX + "egress-proxy-address '" + p.egressProxyAddress()
                        + "' must be HOST:PORT (the servers' Service and the registry proxy's TCP port)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The Kubernetes sandbox provider is misconfigured:\n  " + String.join("\n  ", problems));
        }
        return new KubernetesSettings(p.mode(), namespace, p.image().trim(), p.imagePullPolicy(), runtimeClassName,
                p.agentPort(), requests, limits, Map.copyOf(p.labels()), Map.copyOf(p.serverLabels()),
                p.serverNamespace(), p.warmPool(), p.startupTimeout(), p.sandboxApiVersion(), sandbox.egress(),
                sandbox.homeSize().toBytes(), sandbox.commandTimeout(), sandbox.outputLimit().toBytes(), proxyAddress,
                Map.copyOf(templateRuntimeClasses));
    }

    /** The RuntimeClass of the template's pods (empty: the cluster's default): its level's where configured. */
    String runtimeClassName(String templateId) {
        return templateRuntimeClasses.getOrDefault(templateId, runtimeClassName);
    }

    private static Map<String, Quantity> quantities(String key, Map<String, String> values, List<String> problems) {
        Map<String, Quantity> parsed = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (!RESOURCES.contains(name)) {
                problems.add(PREFIX + key + "." + name + ": unknown resource (cpu, memory, ephemeral-storage)");
                return;
            }
            try {
                Quantity quantity = new Quantity(value);
                if (quantity.getNumericalAmount().signum() <= 0) {
                    problems.add(PREFIX + key + "." + name + " must be positive, not '" + value + "'");
                } else {
                    parsed.put(name, quantity);
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                problems.add(PREFIX + key + "." + name + " '" + value + "' is not a quantity (e.g. 500m, 1, 512Mi, 1Gi)");
            }
        });
        return parsed;
    }

    private static void checkLabels(String key, Map<String, String> labels, List<String> problems, boolean userLabels) {
        if (!userLabels && labels.isEmpty()) {
            problems.add(PREFIX + key + " must name at least one label of the server pods");
        }
        labels.forEach((name, value) -> {
            if (!validLabelKey(name)) {
                problems.add(PREFIX + key + ": '" + name + "' is not a valid label key");
            } else if (userLabels && (name.startsWith(OWN_LABEL_PREFIX) || name.equals(SandboxLabels.MANAGED_BY))) {
                problems.add(PREFIX + key + ": '" + name + "' is reserved for the provider's own labels");
            }
            if (value == null || !LABEL_VALUE.matcher(value).matches()) {
                problems.add(PREFIX + key + ": the value of '" + name + "' is not a valid label value");
            }
        });
    }

    private static boolean validLabelKey(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        return (prefix == null || DNS_SUBDOMAIN.matcher(prefix).matches()) && LABEL_NAME.matcher(name).matches();
    }

    /** Where the servers run, for the NetworkPolicy's ingress rule: the sandboxes' namespace unless set. */
    String serversNamespace() {
        return serverNamespace.isBlank() ? namespace : serverNamespace;
    }
}
