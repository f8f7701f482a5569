package io.codingit.tasks.internal.pipeline;

import io.codingit.common.DataDirectory;
import io.codingit.common.DomainException;
import io.codingit.github.GitHubToken;
import io.codingit.github.GitHubTokens;
import io.codingit.llm.HostResolver;
import io.codingit.llm.LlmRelay;
import io.codingit.llm.ModelCatalog;
import io.codingit.llm.ToolChatClient;
import io.codingit.morph.CodeApplier;
import io.codingit.sandbox.SandboxProperties;
import io.codingit.sandbox.Sandboxes;
import io.codingit.sandbox.spi.Sandbox;
import io.codingit.tasks.TaskException;
import io.codingit.tasks.internal.AgentAvailability;
import io.codingit.tasks.internal.TaskCancelledException;
import io.codingit.tasks.internal.TaskFailedException;
import io.codingit.tasks.internal.TaskOutcome;
import io.codingit.tasks.internal.TaskPipeline;
import io.codingit.tasks.internal.TaskRun;
import io.codingit.tasks.internal.TaskSpec;
import io.codingit.tasks.internal.agents.AgentContext;
import io.codingit.tasks.internal.agents.Agents;
import io.codingit.tasks.internal.agents.BuiltInAgent;
import io.codingit.tasks.internal.agents.CliAgent;
import io.codingit.tasks.internal.agents.CodingAgent;
import io.codingit.tasks.internal.agents.ModelSelection;
import io.codingit.tasks.internal.agents.RedactingTaskRun;
import io.codingit.tasks.internal.git.BranchNames;
import io.codingit.tasks.internal.git.GitRemote;
import io.codingit.tasks.internal.git.GitUrlPolicy;
import io.codingit.tasks.internal.git.HostRepository;
import io.codingit.tasks.internal.git.WorkTreeTransfer;
import org.eclipse.jgit.lib.PersonIdent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The task pipeline (docs/task-pipeline.md): a sandbox for the task's owner; a bare clone on the host
 * with the owner's GitHub token; the files copied into the sandbox; the agent; a commit built on the host
 * from the sandbox's work tree on branch {@code codingit/<slug>-<random>}; the push. The sandbox is killed
 * and the clone deleted whatever happens.
 */
@Component
public class GitAgentPipeline implements TaskPipeline {
    private static final Logger log = LoggerFactory.getLogger(GitAgentPipeline.class);
    static final String NO_REPOSITORY_DIR = Sandbox.HOME + "/workspace";

    private final Sandboxes sandboxes;
    private final GitHubTokens gitHubTokens;
    private final PipelineProperties properties;
    private final GitUrlPolicy urlPolicy;
    private final Agents agents;
    private final Path cloneDirectory;
    private final CommitWork commitWork;
    private final LlmRelay relay;

    public GitAgentPipeline(Sandboxes sandboxes, GitHubTokens gitHubTokens, ModelCatalog catalog, ToolChatClient toolChat,
                            CodeApplier codeApplier, HostResolver hostResolver, LlmRelay relay,
                            SandboxProperties sandboxProperties, PipelineProperties properties,
                            DataDirectory dataDirectory) {
        this.sandboxes = sandboxes;
        this.gitHubTokens = gitHubTokens;
        this.properties = properties;
        this.urlPolicy = new GitUrlPolicy(properties.allowedGitHosts(), properties.internalGitHosts(),
                properties.allowedFileRoots(), hostResolver);
        this.cloneDirectory = dataDirectory.featureDirectory("tasks").resolve("clones");
        List<CodingAgent> all = new ArrayList<>();
        all.add(new BuiltInAgent(toolChat, new ModelSelection(catalog), codeApplier, new BuiltInAgent.Settings(
                properties.defaultModel(), properties.maxSteps(), properties.maxTokens(),
                properties.commandTimeout())));
        boolean network = sandboxProperties.egress() == SandboxProperties.Egress.INTERNET;
        for (CliAgent.Spec spec : CliAgent.specs()) {
            all.add(new CliAgent(spec, relay, properties.sandboxTemplate(), network,
                    properties.sandboxLifetime()));
        }
        this.agents = new Agents(all);
        this.relay = relay;
        this.commitWork = new CommitWork(properties.commitThreads(), properties.commitTimeout());
    }

    @PreDestroy
    void stopCommitWork() {
        commitWork.close();
    }

    @Override
    public void validate(TaskSpec spec) {
        if (spec.repoUrl() != null) {
            urlPolicy.check(spec.repoUrl());
        }
        CodingAgent agent = agents.require(spec.agent());
        agent.validateModel(spec.model());
        if ((spec.apiKey() != null || spec.baseUrl() != null) && agent.needsModelRelay()) {
            // a CLI runs inside the sandbox, where no key may go: it reaches its model through the server's relay
            throw new TaskException(DomainException.Kind.INVALID, "apiKey and baseURL apply to the built-in agent '"
                    + BuiltInAgent.ID + "' only: the " + agent.id() + " CLI uses the server's keys through its relay");
        }
    }

    /** Every agent with whether it can run on this server, and why not. */
    @Override
    public List<AgentAvailability> agents() {
        return agents.availability();
    }

    @Override
    public TaskOutcome run(TaskRun taskRun) {
        RedactingTaskRun run = new RedactingTaskRun(taskRun);
        TaskSpec spec = run.spec();
        GitRemote remote;
        CodingAgent agent;
        try {
            remote = spec.repoUrl() == null ? null : urlPolicy.check(spec.repoUrl());
            agent = agents.require(spec.agent());
            agent.validateModel(spec.model());
        } catch (DomainException e) { // the URL policy (tasks, llm) or the agent refused: the run fails, saying why
            throw new TaskFailedException(e.getMessage());
        }
        String token = remote == null || remote.isLocal() ? null
                : gitHubTokens.tokenFor(spec.userId()).map(GitHubToken::value).orElse(null);
        run.addSecret(token);
        run.checkCancelled();
        run.progress(5);
        run.info("Creating a sandbox (template " + properties.sandboxTemplate() + ")");
        Sandbox sandbox;
        String sandboxOwner = sandboxOwner(spec);
        try {
            sandbox = sandboxes.create(sandboxOwner, properties.sandboxTemplate(),
                    agent.needsModelRelay() ? List.of(relay.port()) : List.of());
        } catch (DomainException e) {
            throw new TaskFailedException("Cannot create a sandbox: " + e.getMessage());
        }
        HostRepository repository = null;
        try {
            sandbox.setTimeout(properties.sandboxLifetime());
            run.sandboxUrl("/api/sandbox/" + sandbox.id());
            run.info("Sandbox " + sandbox.id() + " is ready");
            run.progress(10);
            String workdir = NO_REPOSITORY_DIR;
            if (remote != null) {
                run.checkCancelled();
                run.info("Cloning " + display(remote) + (token != null ? " with your GitHub token"
                        : remote.isLocal() ? "" : " anonymously (GitHub is not connected: pushing will need it)") + " on the server");
                repository = HostRepository.cloneFrom(remote, token, cloneDirectory, properties.gitTimeout(), run::isCancelled,
                        properties.maxCloneSize().toBytes());
                String defaultBranch = repository.defaultBranch();
                run.info(defaultBranch == null ? "Cloned an empty repository" : "Cloned (default branch " + defaultBranch + ")");
                run.progress(20);
                run.checkCancelled();
                workdir = Sandbox.HOME + "/" + remote.name();
                WorkTreeTransfer.importInto(sandbox, workdir, repository);
                run.info("Copied the files into the sandbox at " + workdir);
                run.progress(30);
            } else {
                run.info("No repository: the agent works in " + workdir + " and nothing is committed");
                sandbox.files().write(workdir + "/.keep", new byte[0]);
            }
            run.checkCancelled();
            run.info("Running the " + agent.id() + " agent");
            run.progress(35);
            agent.run(new AgentContext(run, sandbox, workdir, spec.prompt(), spec.model()));
            run.checkCancelled();
            run.progress(80);
            if (repository == null) {
                return new TaskOutcome(null, "/api/sandbox/" + sandbox.id(), "Agent finished (no repository, nothing committed)");
            }
            String branch = BranchNames.forPrompt(spec.prompt());
            run.info("Committing the changes");
            HostRepository host = repository;
            String tree = workdir;
            HostRepository.Commit commit = commitWork.run(stop -> WorkTreeTransfer.commitFrom(sandbox, tree, host,
                    properties.maxWorkTreeSize().toBytes(), branch, CommitMessages.of(spec),
                    new PersonIdent(properties.commitAuthorName(), properties.commitAuthorEmail()),
                    (path, why) -> run.info("Not committed: " + path + " (" + why + ")"), stop), run::isCancelled);
            if (commit == null) {
                run.info("No changes to commit");
                return new TaskOutcome(null, "/api/sandbox/" + sandbox.id(), "No changes to commit");
            }
            run.info("Committed " + commit.changedFiles() + (commit.changedFiles() == 1 ? " file" : " files") + " as "
                    + commit.id().abbreviate(7).name() + " on " + branch);
            run.branchName(branch);
            run.progress(85);
            run.checkCancelled();
            if (token == null && !remote.isLocal()) {
                throw new TaskFailedException("Cannot push " + branch + ": GitHub is not connected for your account. "
                        + "Connect GitHub and run the task again.");
            }
            run.info("Pushing " + branch);
            repository.push(branch);
            run.progress(95);
            return new TaskOutcome(branch, "/api/sandbox/" + sandbox.id(), "Pushed " + branch);
        } catch (TaskFailedException | TaskCancelledException e) {
            throw e;
        } catch (io.codingit.sandbox.spi.SandboxGoneException e) {
            if (run.isCancelled()) {
                throw new TaskCancelledException();
            }
            throw new TaskFailedException("The sandbox ended before the task finished");
        } catch (RuntimeException e) {
            if (run.isCancelled()) {
                throw new TaskCancelledException();
            }
            log.warn("task {} failed unexpectedly", spec.taskId(), e);
            throw new TaskFailedException("The task failed unexpectedly (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (repository != null) {
                repository.close();
            }
            killQuietly(sandbox, sandboxOwner);
        }
    }

    /**
     * The task's sandbox belongs to the task, not to its user: the user's sandbox, file, terminal and preview
     * routes answer 404 for it while the agent works (finding 2), and it is killed when the task ends.
     */
    static String sandboxOwner(TaskSpec spec) {
        return "task:" + spec.taskId();
    }

    private void killQuietly(Sandbox sandbox, String owner) {
        try {
            sandboxes.kill(owner, sandbox.id());
        } catch (RuntimeException e) {
            try {
                sandbox.kill();
            } catch (RuntimeException ignored) {
                // already gone (expired, reaped)
            }
        }
    }

    /** The remote for the log: host and path only (it never holds credentials, checked by the policy). */
    private static String display(GitRemote remote) {
        return Optional.ofNullable(remote.host()).map(h -> remote.cloneUrl()).orElse("the local repository " + remote.name());
    }
}
