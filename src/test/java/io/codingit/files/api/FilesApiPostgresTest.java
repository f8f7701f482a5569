package io.codingit.files.api;

import io.codingit.support.PostgresIntegrationTest;

@PostgresIntegrationTest
class FilesApiPostgresTest extends FilesApiTests {
}
