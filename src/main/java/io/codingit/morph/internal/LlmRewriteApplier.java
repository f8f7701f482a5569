package io.codingit.morph.internal;

import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmClient;
import io.codingit.llm.LlmEvent;
import io.codingit.llm.LlmMessage;
import io.codingit.llm.LlmProvider;
import io.codingit.llm.LlmRequest;
import io.codingit.llm.LlmStream;
import io.codingit.morph.AppliedEdit;
import io.codingit.morph.CodeApplier;
import io.codingit.morph.EditLimits;
import io.codingit.morph.RemoteApplyException;
import java.util.List;

/**
 * The fallback engine when Morph's cloud is not configured: a configured model (any provider of the llm
 * feature, with the server's key for it and the operator's endpoint for it, {@code codingit.llm.base-urls.*})
 * rewrites the whole file from the file, the instruction and the snippet; the call is charged to the user's
 * {@code llm} budget by the llm feature. Slower and costlier than the local engine, but it reads a snippet the way its writer meant it.
 */
final class LlmRewriteApplier implements CodeApplier {

    static final String ENGINE = "llm";
    private static final String ERROR_CODE = "llm_apply_error";
    private static final String SYSTEM_PROMPT = """
            You merge an edit snippet into a file. The snippet shows only the changed parts of the file with a \
            few unchanged lines around each; every elided span of unchanged code is a comment such as \
            "// ... existing code ...". Apply the snippet to the file exactly as its writer meant it: keep every \
            line the snippet does not change, byte for byte, and change nothing else.
            Answer with the complete updated file and nothing else: no explanation, no Markdown code fence.""";

    private final LlmClient llm;
    private final LlmProvider provider;
    private final String model;
    private final EditLimits limits;
    private final String userId;

    LlmRewriteApplier(LlmClient llm, LlmProvider provider, String model, EditLimits limits) {
        this(llm, provider, model, limits, null);
    }

    private LlmRewriteApplier(LlmClient llm, LlmProvider provider, String model, EditLimits limits, String userId) {
        this.userId = userId;
        this.llm = llm;
        this.provider = provider;
        this.model = model;
        this.limits = limits;
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public CodeApplier forUser(String user) {
        return new LlmRewriteApplier(llm, provider, model, limits, user);
    }

    @Override
    public AppliedEdit apply(String instruction, String original, String update) {
        limits.check(original, update);
        String user = "<instruction>" + instruction + "</instruction>\n<code>" + original + "</code>\n<update>"
                + update + "</update>";
        GenerationConfig config = new GenerationConfig(null, null, 0.0, null, null, null, null, null);
        if (userId == null) {
            throw new IllegalStateException("the LLM apply engine charges a user's llm budget: use forUser(userId)");
        }
        LlmRequest request = new LlmRequest(userId, provider, model, config, SYSTEM_PROMPT,
                List.of(LlmMessage.text(LlmMessage.Role.USER, user)), null);
        StringBuilder text = new StringBuilder();
        try (LlmStream stream = llm.stream(request)) {
            while (true) {
                LlmEvent event = stream.next();
                switch (event) {
                    case LlmEvent.Delta delta -> text.append(delta.text());
                    case LlmEvent.Completed completed -> {
                        return new AppliedEdit(withoutFence(text.toString(), original), ENGINE);
                    }
                    case LlmEvent.Failed failed -> throw new RemoteApplyException(ERROR_CODE,
                            "the model that rewrites files (" + provider.id() + " " + model + ") failed: "
                                    + failed.failure().message(), failed.failure().status(), null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteApplyException(ERROR_CODE, "interrupted while the model rewrote the file", 0, e);
        }
    }

    /** A model may still wrap the file in a Markdown fence; the file keeps the original's final newline. */
    static String withoutFence(String answer, String original) {
        String text = answer.strip();
        if (text.startsWith("```") && text.endsWith("```") && text.length() > 6) {
            int firstNewline = text.indexOf('\n');
            text = firstNewline < 0 ? "" : text.substring(firstNewline + 1, text.length() - 3);
            text = text.stripTrailing();
        } else {
            text = answer.stripTrailing();
        }
        if (text.isEmpty()) {
            throw new RemoteApplyException(ERROR_CODE, "the model that rewrites files answered without code", 200, null);
        }
        boolean crlf = original.contains("\r\n");
        String newline = crlf ? "\r\n" : "\n";
        return original.endsWith("\n") ? text + newline : text;
    }
}
