package io.codingit.projects;

import io.codingit.support.PostgresIntegrationTest;
import org.springframework.test.context.TestPropertySource;

/** {@link ProjectsApiTests} on PostgreSQL (a schema of its own). */
@PostgresIntegrationTest
@TestPropertySource(properties = "codingit.llm.allowed-base-url-hosts=127.0.0.2")
class ProjectsPostgresTest extends ProjectsApiTests {
}
