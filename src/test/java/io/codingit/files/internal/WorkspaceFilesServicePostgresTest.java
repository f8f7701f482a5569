package io.codingit.files.internal;

import io.codingit.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class WorkspaceFilesServicePostgresTest extends WorkspaceFilesServiceTests {
}
