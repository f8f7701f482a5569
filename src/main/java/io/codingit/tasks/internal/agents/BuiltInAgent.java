package io.codingit.tasks.internal.agents;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.codingit.common.DomainException;
import io.codingit.llm.GenerationConfig;
import io.codingit.llm.LlmCallException;
import io.codingit.llm.LlmUsage;
import io.codingit.llm.ToolChatClient;
import io.codingit.llm.ToolChatRequest;
import io.codingit.llm.ToolChatResponse;
import io.codingit.morph.CodeApplier;
import io.codingit.ratelimit.RateLimitExceededException;
import io.codingit.tasks.internal.TaskCancelledException;
import io.codingit.tasks.internal.TaskFailedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code codingit} agent: a tool-calling loop on the llm feature's providers. Each turn sends the
 * conversation and the tools; the model answers with tool calls (executed in the sandbox, every one logged
 * as a {@code command} line) or with a final text, which ends the loop. Bounded by a step limit (model
 * turns) and a token budget; cancellation is checked before every model call and every tool call.
 */
public final class BuiltInAgent implements CodingAgent {
    public static final String ID = "codingit";
    static final Duration POLL = Duration.ofMillis(200);
    static final int MAX_LOGGED_ARGUMENTS = 200;

    /** Limits and defaults (docs/task-pipeline.md). */
    public record Settings(String defaultModel, int maxSteps, long maxTokens, Duration commandTimeout) {
    }

    private final ToolChatClient client;
    private final ModelSelection models;
    private final CodeApplier applier;
    private final Settings settings;

    public BuiltInAgent(ToolChatClient client, ModelSelection models, CodeApplier applier, Settings settings) {
        this.client = client;
        this.models = models;
        this.applier = applier;
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void validateModel(String model) {
        models.resolve(model == null ? settings.defaultModel() : model);
    }

    @Override
    public void run(AgentContext context) {
        RedactingTaskRun run = context.run();
        ModelSelection.Model model = models.resolve(context.model() == null ? settings.defaultModel() : context.model());
        AgentTools tools = new AgentTools(context.sandbox(), context.workdir(), applier.forUser(run.spec().userId()),
                settings.commandTimeout(), run::isCancelled);
        // the caller's own key and base URL when the task was given them (as the chat's config), else the
        // server's (codingit.llm.*); every model call is charged to the owner's llm budget either way
        String apiKey = run.spec().apiKey();
        run.addSecret(apiKey);
        GenerationConfig config = new GenerationConfig(apiKey, run.spec().baseUrl(), null, null, null, null, null, null);
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(UserMessage.from(context.prompt()));
        String system = systemPrompt(context.workdir());
        run.info("Agent codingit with " + model.provider().id() + ":" + model.name() + " (at most " + settings.maxSteps()
                + " steps, " + settings.maxTokens() + " tokens)");
        long tokens = 0;
        for (int step = 1; step <= settings.maxSteps(); step++) {
            run.checkCancelled();
            ToolChatResponse response;
            try {
                response = callWithinBudget(new ToolChatRequest(run.spec().userId(), model.provider(), model.name(), config,
                        system, List.copyOf(messages), AgentTools.specifications()), run);
            } catch (LlmCallException e) {
                run.checkCancelled();
                throw new TaskFailedException("The model provider failed: " + e.failure().message());
            } catch (DomainException e) { // the llm feature refused the call (route, budget, key)
                throw new TaskFailedException("The model cannot be used: " + e.getMessage());
            }
            tokens += tokensOf(response.usage());
            messages.add(response.message());
            List<ToolExecutionRequest> calls = response.toolCalls();
            if (calls.isEmpty()) {
                String text = response.text() == null ? "" : response.text().strip();
                run.info("Agent finished after " + step + (step == 1 ? " step" : " steps") + (text.isEmpty() ? "" : ": " + shorten(text, 1000)));
                return;
            }
            for (ToolExecutionRequest call : calls) {
                run.checkCancelled();
                run.command(call.name() + " " + shorten(call.arguments() == null ? "{}" : call.arguments(), MAX_LOGGED_ARGUMENTS));
                String result = tools.execute(call);
                messages.add(ToolExecutionResultMessage.from(call, result));
            }
            if (tokens > settings.maxTokens()) {
                throw new TaskFailedException("The agent used its token budget (" + tokens + " of " + settings.maxTokens()
                        + " tokens) before finishing");
            }
            run.progress(35 + (int) (45.0 * step / settings.maxSteps()));
        }
        throw new TaskFailedException("The agent reached its step limit (" + settings.maxSteps() + " steps) before finishing");
    }

    /**
     * A model call charged to the owner's {@code llm} budget: while the budget is spent, the task waits for it
     * to refill (logging the wait once per refusal) rather than failing; the task's own timeout bounds the wait.
     */
    private ToolChatResponse callWithinBudget(ToolChatRequest request, RedactingTaskRun run) {
        while (true) {
            try {
                return callModel(request, run);
            } catch (RateLimitExceededException spent) {
                Duration wait = spent.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(Duration.ofSeconds(1));
                run.info("The llm budget of your account is spent: waiting " + Math.max(1, (wait.toMillis() + 999) / 1000)
                        + " s for it to refill");
                sleepUnlessCancelled(wait, run);
            }
        }
    }

    private static void sleepUnlessCancelled(Duration wait, RedactingTaskRun run) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            run.checkCancelled();
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskCancelledException();
            }
        }
    }

    /**
     * One model call on a virtual thread, polled so that a cancelled task interrupts it (which aborts the
     * HTTP exchange) within {@link #POLL} instead of waiting for the provider.
     */
    private ToolChatResponse callModel(ToolChatRequest request, RedactingTaskRun run) {
        FutureTask<ToolChatResponse> call = new FutureTask<>(() -> client.chat(request));
        Thread.ofVirtual().name("task-agent-model-call").start(call);
        try {
            while (true) {
                try {
                    return call.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (run.isCancelled()) {
                        call.cancel(true);
                        throw new TaskCancelledException();
                    }
                }
            }
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new TaskCancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new TaskFailedException("The model call failed");
        }
    }

    private static long tokensOf(LlmUsage usage) {
        if (usage == null) {
            return 0;
        }
        if (usage.totalTokens() != null) {
            return usage.totalTokens();
        }
        return (usage.inputTokens() == null ? 0 : usage.inputTokens()) + (usage.outputTokens() == null ? 0 : usage.outputTokens());
    }

    static String shorten(String text, int max) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    private static String systemPrompt(String workdir) {
        return """
                You are CodingIT's coding agent. You work on a git repository checked out at %s inside an isolated \
                sandbox. Carry out the user's task by calling the tools: explore with list_files, search and read_file, \
                change files with edit_file (small changes) or write_file (new files, rewrites), and check your work \
                with run_command (tests, builds). Paths are relative to the repository root. Do not commit or push: \
                the server commits every change you leave in the work tree when you finish. When the task is done, \
                answer with a short summary of what you changed and call no tool.""".formatted(workdir);
    }
}
