package io.codingit.sandbox.terminal;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a command's output as Server-Sent Events: {@code stdout}/{@code stderr} {@code {type, text}} chunks
 * (each with the position after its last byte in the command's output as the event id, the same on every server),
 * {@code gap} {@code {type, missed}} when {@code missed} bytes were dropped (from the bounded buffer, or by the
 * sandbox) before this reader got them, and finally {@code exit} {@code {type, exitCode}}.
 * While the command is quiet a comment line goes out every heartbeat, which is how a client that went
 * away is noticed.
 */
final class CommandEventStream {
    /** Where frames go, e.g. an HTTP response; throws when the client is gone. */
    @FunctionalInterface
    interface FrameSink {
        void send(String frame) throws IOException;
    }

    private final JsonMapper json;
    private final Duration heartbeat;

    CommandEventStream(JsonMapper json, Duration heartbeat) {
        this.json = json;
        this.heartbeat = heartbeat;
    }

    /**
     * Follows {@code output} from byte {@code from} (0, or a {@code Last-Event-ID} any server gave) until the exit
     * event has been written.
     *
     * @return false if the client went away first
     */
    boolean follow(CommandOutput output, long from, FrameSink sink) throws InterruptedException {
        long position = Math.max(0, from);
        try {
            while (true) {
                CommandOutput.Batch batch = output.next(position, heartbeat);
                for (CommandOutput.Chunk chunk : batch.chunks()) {
                    if (chunk.from() > position) {
                        sink.send(frame(null, "gap", Map.of("missed", chunk.from() - position)));
                    }
                    CommandOutput.Chunk rest = chunk.from(position);
                    sink.send(frame(rest.to(), rest.stream(), Map.of("text", rest.text())));
                    position = rest.to();
                }
                position = Math.max(position, batch.end());
                if (batch.exitCode().isPresent()) {
                    if (output.note() != null) {
                        sink.send(frame(null, "stderr", Map.of("text", output.note())));
                    }
                    sink.send(frame(null, "exit", Map.of("exitCode", batch.exitCode().getAsInt())));
                    return true;
                }
                if (batch.chunks().isEmpty()) {
                    sink.send(": heartbeat\n\n");
                }
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String frame(Long id, String type, Map<String, Object> fields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.putAll(fields);
        return (id == null ? "" : "id: " + id + "\n") + "event: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n";
    }
}
