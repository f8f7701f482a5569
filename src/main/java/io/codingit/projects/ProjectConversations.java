package io.codingit.projects;

import io.codingit.llm.LlmMessage;

import java.util.List;

/**
 * Project chats for {@code POST /api/chat}: the chat feature asks for a turn when a request names a
 * project, sends the model the messages the turn gives, and reports how the generation ended. The
 * server keeps the conversation, so a client may send only its new message.
 */
public interface ProjectConversations {
    /**
     * Checks that the project (and chat) belong to the user and rebuilds the stored history within the
     * configured context window; the new user message is appended once the answer starts ({@link ChatTurn#started}).
     *
     * @param chatId      the chat to continue; null starts a new chat in the project, titled after the message
     * @param message     the user's new message (text and images; images are stored once, by content hash)
     * @param attachments workspace files attached to the message, by path: read now for the model, stored by
     *                    reference
     * @throws ProjectException 404 for an unknown project or chat (or one of another user, or a chat of another
     *                          project), 400 for a message that is not the user's, 413 for one that is too long
     */
    ChatTurn begin(String userId, String projectId, String chatId, LlmMessage message, List<String> attachments);

    /** One exchange of a project chat, from the user's message to the stored fragment. */
    interface ChatTurn {
        String projectId();

        String chatId();

        /** What to send the model: the stored history (oldest first, bounded) followed by the new message. */
        List<LlmMessage> messages();

        /**
         * The answer has begun (its first byte is out): the user's message is appended now, on another thread,
         * so that storing it never delays the first byte. {@link #complete} and {@link #fail} append it themselves
         * if this was never called.
         */
        void started();

        /**
         * Stores the finished fragment as the chat's answer and as the project's next version. Called when the
         * generation ends, whether or not the client is still reading.
         *
         * @param fragmentJson the fragment object as JSON text
         */
        SavedFragment complete(String fragmentJson);

        /** No fragment came of the turn: the user's message stays, marked failed, and leaves the model's context. */
        void fail();
    }

    /** Where a fragment was stored. */
    record SavedFragment(String projectId, String chatId, int messageSeq, int version) {
    }
}
