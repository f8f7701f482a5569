package io.codingit.preview.internal;

import io.codingit.sandbox.spi.SandboxProvider;
import io.codingit.support.Prerequisites;
import io.codingit.support.TestApi;
import io.codingit.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;

/** What the preview tests share: the server's port, real sandboxes (skipped where there are none), a signed-up user. */
abstract class PreviewTestBase {
    @LocalServerPort
    int port;

    @Autowired
    SandboxProvider provider;

    @BeforeEach
    void requireSandboxes() {
        Prerequisites.require(provider.status().available(),
                "sandboxes unavailable on this host: " + provider.status().unavailableReason(),
                Prerequisites.SANDBOX_PACKAGES);
    }

    TestApi signedUp() {
        return new TestApi(port).as(TestUsers.signUp(new TestApi(port)).accessToken());
    }

    PreviewTest.Reply get(String host, String path) throws IOException {
        return PreviewTest.fetch(port, host, path);
    }
}
