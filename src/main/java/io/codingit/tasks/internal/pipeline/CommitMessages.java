package io.codingit.tasks.internal.pipeline;

import io.codingit.tasks.internal.TaskSpec;

/** The commit message: the prompt's first line as the subject (at most 72 characters), the whole prompt as the body. */
final class CommitMessages {
    static final int SUBJECT = 72;
    static final int BODY = 4000;

    private CommitMessages() {
    }

    static String of(TaskSpec spec) {
        String prompt = spec.prompt() == null ? "" : spec.prompt().replaceAll("[\\p{Cntrl}&&[^\n\t]]", "").strip();
        String first = prompt.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("CodingIT task");
        String subject = first.length() <= SUBJECT ? first : first.substring(0, SUBJECT - 3).strip() + "...";
        StringBuilder message = new StringBuilder(subject).append("\n\n");
        if (!prompt.equals(first)) {
            message.append(prompt.length() <= BODY ? prompt : prompt.substring(0, BODY) + "...").append("\n\n");
        }
        message.append("Made by the CodingIT ").append(spec.agent() == null ? "codingit" : spec.agent()).append(" agent");
        if (spec.taskId() != null) {
            message.append(" for task ").append(spec.taskId());
        }
        return message.append('\n').toString();
    }
}
