package io.codingit.files.internal;

import io.codingit.support.IntegrationTest;

@IntegrationTest
class WorkspaceFilesServiceH2Test extends WorkspaceFilesServiceTests {
}
