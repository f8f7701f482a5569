package io.codingit.sandbox.egress;

import io.codingit.sandbox.RegistryEgressProperties;
import io.codingit.sandbox.SandboxProperties.Egress;
import io.codingit.sandbox.spi.Sandbox;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed environment of every command in a sandbox, whatever the provider.
 * <ul>
 *   <li>Python installs go to the user site ({@code ~/.local}): {@code PIP_USER=1}, and
 *       {@code PIP_BREAK_SYSTEM_PACKAGES=1} because Debian's Python refuses any install otherwise (PEP 668).
 *       The system's packages cannot be broken: {@code /usr} is read-only in a sandbox. {@code python3},
 *       {@code python}, {@code pip} and the interpreter all read the user site.</li>
 *   <li>{@code npm install -g} goes to {@code ~/.local} too; {@code ~/.local/bin} is first on PATH.</li>
 *   <li>With {@code egress: registries}, pip, uv, npm and yarn are pointed at the proxy on
 *       {@link #PROXY_ADDRESS} and at the configured index and registry; when the operator added CAs for a
 *       mirror ({@link RegistryCertificates}), they verify with the bundle that holds them.</li>
 * </ul>
 */
public final class SandboxEnvironment {
    /** Where the registry proxy answers inside a sandbox (bridged to the sandbox's proxy socket). */
    public static final String PROXY_ADDRESS = "127.0.0.1:3128";
    /** A directory of the sandbox's own commands, such as {@code python}, which Debian does not ship. */
    public static final String TOOLS_DIRECTORY = "/opt/codingit/bin";

    private final Egress egress;
    private final RegistryEgressProperties registries;
    private final RegistryCertificates certificates;

    /** An environment whose sandboxes verify registries with the system's roots only. */
    public SandboxEnvironment(Egress egress, RegistryEgressProperties registries) {
        this(egress, registries, RegistryCertificates.none());
    }

    /**
     * @param certificates the CAs added for a mirror: under {@code egress: registries} the installers are pointed
     *                     at their bundle in {@link RegistryCertificates#SANDBOX_DIRECTORY}, which the provider must
     *                     place there
     */
    public SandboxEnvironment(Egress egress, RegistryEgressProperties registries, RegistryCertificates certificates) {
        this.egress = egress;
        this.registries = registries;
        this.certificates = certificates;
    }

    /** The CAs the installers trust besides the system's roots, under {@code egress: registries}. */
    public RegistryCertificates certificates() {
        return egress == Egress.REGISTRIES ? certificates : RegistryCertificates.none();
    }

    public Egress egress() {
        return egress;
    }

    /** The variables, in a stable order. */
    public Map<String, String> variables() {
        return variables("http://" + PROXY_ADDRESS);
    }

    /**
     * The variables, with pip, uv, npm and yarn sent to {@code proxyUrl} under {@code egress: registries}: a URL
     * on {@link #PROXY_ADDRESS} that carries the sandbox's proxy credentials when the proxy is on another host.
     */
    public Map<String, String> variables(String proxyUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", Sandbox.HOME);
        env.put("USER", "user");
        env.put("LOGNAME", "user");
        env.put("PATH", Sandbox.HOME + "/.local/bin:" + TOOLS_DIRECTORY + ":/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("MPLBACKEND", "Agg");
        env.put("TERM", "xterm-256color");
        env.put("PIP_USER", "1");
        env.put("PIP_BREAK_SYSTEM_PACKAGES", "1");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("npm_config_prefix", Sandbox.HOME + "/.local");
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        if (egress == Egress.REGISTRIES) {
            String proxy = proxyUrl;
            for (String name : new String[] {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"}) {
                env.put(name, proxy);
            }
            env.put("NO_PROXY", "localhost,127.0.0.1,::1");
            env.put("no_proxy", "localhost,127.0.0.1,::1");
            env.put("npm_config_proxy", proxy);
            env.put("npm_config_https_proxy", proxy);
            env.put("PIP_INDEX_URL", registries.pythonIndexUrl());
            env.put("UV_INDEX_URL", registries.pythonIndexUrl());
            env.put("UV_DEFAULT_INDEX", registries.pythonIndexUrl());
            env.put("npm_config_registry", registries.npmRegistryUrl());
            env.put("YARN_REGISTRY", registries.npmRegistryUrl());
            URI index = URI.create(registries.pythonIndexUrl());
            if ("http".equalsIgnoreCase(index.getScheme()) && index.getHost() != null) {
                // pip ignores a plain-http index unless its host is trusted; the operator chose this mirror
                env.put("PIP_TRUSTED_HOST", index.getPort() > 0 ? index.getHost() + ":" + index.getPort() : index.getHost());
            }
            env.putAll(certificates.variables());
        }
        return env;
    }
}
