package io.codingit.sandbox.terminal;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a command's output as Server-Sent Events: {@code stdout}/{@code stderr} {@code {type, text}} chunks
 * (each with its sequence number as the event id), {@code gap} {@code {type, missed}} when chunks were
 * dropped from the bounded buffer before this reader got them, and finally {@code exit} {@code {type, exitCode}}.
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
     * Follows {@code output} from chunk {@code fromSeq} until the exit event has been written.
     *
     * @return false if the client went away first
     */
    boolean follow(CommandOutput output, long fromSeq, FrameSink sink) throws InterruptedException {
        long seq = Math.max(1, fromSeq);
        try {
            while (true) {
                CommandOutput.Batch batch = output.next(seq, heartbeat);
                if (batch.missed() > 0) {
                    sink.send(frame(null, "gap", Map.of("missed", batch.missed())));
                }
                for (CommandOutput.Chunk chunk : batch.chunks()) {
                    sink.send(frame(chunk.seq(), chunk.stream(), Map.of("text", chunk.text())));
                }
                seq = batch.nextSeq();
                if (batch.exitCode().isPresent()) {
                    sink.send(frame(null, "exit", Map.of("exitCode", batch.exitCode().getAsInt())));
                    return true;
                }
                if (batch.chunks().isEmpty() && batch.missed() == 0) {
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
