package io.codingit.files.api;

import io.codingit.support.IntegrationTest;

@IntegrationTest
class FilesApiH2Test extends FilesApiTests {
}
