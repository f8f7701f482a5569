package io.codingit.chat;

import io.codingit.support.IntegrationTest;
import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one context of the chat tests: the fake upstream's host (127.0.0.2, and only it) allow-listed
 * as an operator would allow a local Ollama, a server key for groq only, a Vertex AI project and location, a small llm budget and
 * short timeouts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@IntegrationTest
@TestPropertySource(properties = {
        "codingit.llm.allowed-base-url-hosts=127.0.0.2",
        "GROQ_API_KEY=server-groq-key",
        "codingit.llm.vertex.project=test-project-42",
        "codingit.llm.vertex.location=europe-west4",
        "codingit.rate-limit.llm.capacity=3",
        "codingit.llm.first-token-timeout=8s",
        "codingit.llm.idle-timeout=8s"})
public @interface ChatTest {
}
