package io.codingit.morph.internal;

import io.codingit.morph.AppliedEdit;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.EditNotPlaceableException;
import io.codingit.morph.remote.MorphCloudClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code engine=auto}: the local engine first; only when it refuses to place a snippet, the remote engine
 * (Morph's cloud, or the LLM that rewrites the whole file). Bad input is refused before either runs.
 */
final class FallbackCodeApplier implements CodeApplier {

    private static final Logger log = LoggerFactory.getLogger(FallbackCodeApplier.class);

    private final CodeApplier local;
    private final CodeApplier fallback;

    FallbackCodeApplier(CodeApplier local, CodeApplier fallback) {
        this.local = local;
        this.fallback = fallback;
    }

    @Override
    public String engine() {
        return "auto";
    }

    /** The remote engine behind the local one. */
    CodeApplier fallback() {
        return fallback;
    }

    @Override
    public FallbackCodeApplier forUser(String userId) {
        return new FallbackCodeApplier(local, fallback.forUser(userId));
    }

    @Override
    public AppliedEdit apply(String instruction, String original, String update) {
        return apply(instruction, original, update, null, () -> { });
    }

    /**
     * @param morphModel   the Morph model a /v1 caller named, for Morph's cloud; null for the configured one
     * @param beforeRemote runs before Morph's cloud is called (charges the caller's llm budget; the LLM engine's
     *                     model call is charged by the llm feature itself)
     */
    AppliedEdit apply(String instruction, String original, String update, String morphModel, Runnable beforeRemote) {
        try {
            return local.apply(instruction, original, update);
        } catch (EditNotPlaceableException refused) {
            log.debug("local engine refused ({}); applying with the {} engine", refused.reason(), fallback.engine());
            if (fallback instanceof MorphCloudClient cloud) {
                beforeRemote.run();
                return cloud.apply(instruction, original, update, morphModel != null ? morphModel : cloud.model());
            }
            return fallback.apply(instruction, original, update);
        }
    }
}
