package io.codingit.sandbox.terminal;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event ids of a command's stream are positions in its output (the sandbox's numbering of its bytes), so a stream
 * resumes at an id whichever server gave it, even where this server holds the bytes cut into chunks differently.
 */
class CommandOutputTest {
    private final CommandEventStream events = new CommandEventStream(JsonMapper.builder().build(), Duration.ofMillis(10));

    private List<String> follow(CommandOutput output, long from) throws InterruptedException {
        List<String> frames = new ArrayList<>();
        assertThat(events.follow(output, from, frames::add)).isTrue();
        return frames;
    }

    @Test
    void idsArePositionsAfterEachChunkAndAResumeStartsThere() throws InterruptedException {
        CommandOutput output = new CommandOutput(1 << 20);
        output.append(0, 6, "stderr", "err-1\n");
        output.append(6, 13, "stdout", "line-1\n");
        output.append(13, 20, "stdout", "line-2\n");
        output.finish(0, null);

        assertThat(follow(output, 0)).containsExactly(
                "id: 6\nevent: stderr\ndata: {\"type\":\"stderr\",\"text\":\"err-1\\n\"}\n\n",
                "id: 13\nevent: stdout\ndata: {\"type\":\"stdout\",\"text\":\"line-1\\n\"}\n\n",
                "id: 20\nevent: stdout\ndata: {\"type\":\"stdout\",\"text\":\"line-2\\n\"}\n\n",
                "event: exit\ndata: {\"type\":\"exit\",\"exitCode\":0}\n\n");
        assertThat(follow(output, 13)).hasSize(2).first().asString().startsWith("id: 20\n");
    }

    @Test
    void aPositionInsideAChunkResumesInsideIt() throws InterruptedException {
        CommandOutput output = new CommandOutput(1 << 20);
        output.append(0, 12, "stdout", "héllo wörld\n".substring(0, 10)); // "héllo wörl": 12 bytes
        output.finish(0, null);
        // another server's id 7 ("héllo " is 7 bytes): the rest of the chunk, from the 7th byte on
        assertThat(follow(output, 7).getFirst()).isEqualTo("id: 12\nevent: stdout\ndata: {\"type\":\"stdout\",\"text\":\"wörl\"}\n\n");
    }

    @Test
    void outputNoLongerHeldIsAGapCountedInBytes() throws InterruptedException {
        CommandOutput output = new CommandOutput(10); // holds about 10 characters
        output.append(0, 8, "stdout", "aaaaaaa\n");
        output.append(8, 16, "stdout", "bbbbbbb\n");
        output.append(30, 38, "stdout", "ccccccc\n"); // the sandbox dropped 14 bytes before this server got them
        output.finish(0, "[command timed out after 5 ms]\n");

        List<String> frames = follow(output, 0);
        assertThat(frames.getFirst()).isEqualTo("event: gap\ndata: {\"type\":\"gap\",\"missed\":30}\n\n");
        assertThat(frames.get(1)).startsWith("id: 38\n");
        assertThat(frames.get(2)).as("the server's note, not output: no id").isEqualTo(
                "event: stderr\ndata: {\"type\":\"stderr\",\"text\":\"[command timed out after 5 ms]\\n\"}\n\n");
        assertThat(frames.getLast()).startsWith("event: exit");
    }

    @Test
    void aJumpInTheSandboxesNumbersBetweenHeldChunksIsAGap() throws InterruptedException {
        CommandOutput output = new CommandOutput(1 << 20);
        output.append(0, 4, "stdout", "abc\n");
        output.append(10, 14, "stdout", "xyz\n");
        output.finish(0, null);
        assertThat(follow(output, 0)).extracting(f -> f.substring(0, f.indexOf('\n')))
                .containsExactly("id: 4", "event: gap", "id: 14", "event: exit");
        assertThat(follow(output, 0).get(1)).contains("\"missed\":6");
    }
}
