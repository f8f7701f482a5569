package io.codingit.morph;

/**
 * The merged file and the engine that produced it.
 *
 * @param engine "local" (this server's engine), "morph" (Morph's cloud) or "llm" (a model rewrote the file)
 */
public record AppliedEdit(String merged, String engine) {
}
