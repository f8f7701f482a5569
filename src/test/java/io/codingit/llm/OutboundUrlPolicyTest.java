package io.codingit.llm;

import io.codingit.web.DomainErrorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The policy on its own. Names resolve only through the fake resolver below (it fails the test if
 * asked for a name it does not know), and no check opens a connection, so nothing here sends a packet.
 */
class OutboundUrlPolicyTest {
    private final List<String> lookedUp = new ArrayList<>();
    private final Map<String, String> dns = Map.of(
            "internal.example.test", "10.1.2.3",
            "public.example.test", "93.184.215.14",
            "metadata-alias.example.test", "169.254.169.254",
            "v6-private.example.test", "fd00::5",
            "mixed.example.test", "93.184.215.14,192.168.1.10");
    private final HostResolver fakeDns = host -> {
        lookedUp.add(host);
        String answer = dns.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : answer.split(",")) {
            addresses.add(InetAddress.getByName(literal)); // literals: parsed, never looked up
        }
        return addresses;
    };
    private final OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("ollama.internal", "127.0.0.2"), fakeDns);

    @ParameterizedTest
    @ValueSource(strings = {
            "https://10.0.0.1/v1", "https://169.254.169.254/latest/meta-data", "https://[fd00::1]/v1",
            "https://[fe80::1]/", "https://127.0.0.1/", "https://[::1]/", "https://0.0.0.0/", "https://172.16.5.4/",
            "https://192.168.0.1/", "https://100.100.100.200/", "https://[::ffff:10.0.0.1]/", "https://[::ffff:169.254.169.254]/",
            "https://[64:ff9b::a00:1]/", "https://[2002:a00:1::]/", "https://224.0.0.1/", "https://[fd00:ec2::254]/"})
    void rejectsPrivateLoopbackLinkLocalAndMetadataAddresses(String url) {
        assertThatThrownBy(() -> policy.check(url, "config.baseURL"))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(DomainErrorStatus.of(e.kind()).value()).isEqualTo(400))
                .hasMessageContaining("config.baseURL");
    }

    @Test
    void rejectsANameThatResolvesToAPrivateAddress() {
        assertThatThrownBy(() -> policy.check("https://internal.example.test/v1", "config.baseURL"))
                .hasMessageContaining("local or internal address");
        assertThat(lookedUp).containsExactly("internal.example.test");
    }

    @Test
    void rejectsANameWhenAnyOfItsAddressesIsPrivate() {
        assertThatThrownBy(() -> policy.check("https://mixed.example.test/", "config.baseURL"))
                .hasMessageContaining("local or internal address");
        assertThatThrownBy(() -> policy.check("https://metadata-alias.example.test/", "config.baseURL"))
                .hasMessageContaining("local or internal address");
        assertThatThrownBy(() -> policy.check("https://v6-private.example.test/", "config.baseURL"))
                .hasMessageContaining("local or internal address");
    }

    @Test
    void acceptsAnHttpsNameWithPublicAddresses() {
        assertThat(policy.check("https://public.example.test/v1", "config.baseURL"))
                .isEqualTo(URI.create("https://public.example.test/v1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0x7f000001/", "https://0x7f000001/", "https://2130706433/", "https://0177.0.0.1/",
            "https://127.1/", "https://0x0a.0.0.1/"})
    void rejectsNumericHostsInNonStandardNotationWithoutResolvingThem(String url) {
        assertThatThrownBy(() -> policy.check(url, "config.baseURL")).isInstanceOf(LlmException.class);
        assertThat(lookedUp).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/", "https://LOCALHOST./", "https://api.localhost/",
            "https://metadata.google.internal/computeMetadata/v1/"})
    void rejectsLocalNamesWithoutResolvingThem(String url) {
        assertThatThrownBy(() -> policy.check(url, "config.baseURL")).hasMessageContaining("local or internal address");
        assertThat(lookedUp).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://public.example.test/", "ftp://public.example.test/", "file:///etc/passwd",
            "gopher://public.example.test/", "https://user:secret@public.example.test/", "https:///nohost", "not a url", ""})
    void rejectsOtherSchemesPlainHttpCredentialsAndGarbage(String url) {
        assertThatThrownBy(() -> policy.check(url, "config.baseURL"))
                .isInstanceOf(LlmException.class)
                .message().doesNotContain("secret");
    }

    @Test
    void operatorAllowListedHostsMayBeLocalAndUsePlainHttp() {
        assertThat(policy.check("http://ollama.internal:11434", "config.baseURL").getPort()).isEqualTo(11434);
        assertThat(policy.check("http://127.0.0.2:8080/v1", "config.baseURL").getHost()).isEqualTo("127.0.0.2");
        assertThat(policy.check("http://OLLAMA.internal./", "config.baseURL")).isNotNull();
        assertThat(lookedUp).isEmpty();
        // the allow-list names hosts as written: another spelling of a listed address is not listed
        assertThatThrownBy(() -> policy.check("http://127.0.0.1:8080/", "config.baseURL")).isInstanceOf(LlmException.class);
    }

    @Test
    void aRedirectToAPrivateAddressIsRejected() {
        URI current = policy.check("https://public.example.test/v1/chat/completions", "config.baseURL");
        assertThatThrownBy(() -> policy.checkRedirect(current, "http://169.254.169.254/latest/meta-data/", "config.baseURL"))
                .isInstanceOf(LlmException.class);
        assertThatThrownBy(() -> policy.checkRedirect(current, "https://internal.example.test/v1", "config.baseURL"))
                .hasMessageContaining("local or internal address");
        assertThatThrownBy(() -> policy.checkRedirect(current, "https://[fd00::1]/", "config.baseURL"))
                .isInstanceOf(LlmException.class);
        assertThat(policy.checkRedirect(current, "/v2/chat", "config.baseURL"))
                .isEqualTo(URI.create("https://public.example.test/v2/chat"));
    }
}
