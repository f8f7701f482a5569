package io.codingit.chat.internal;

import java.util.Map;

/**
 * Who hears how a generation ended. A project chat stores the finished fragment even when the client went
 * away ({@link #outlivesClient()}): the stream then keeps reading the model after the client's last byte.
 */
interface FragmentOutcome {
    FragmentOutcome NONE = new FragmentOutcome() {
        @Override
        public boolean outlivesClient() {
            return false;
        }

        @Override
        public void started() {
        }

        @Override
        public Map<String, Object> completed(String objectJson) {
            return null;
        }

        @Override
        public void failed() {
        }
    };

    /** Whether the generation goes on to its end after the client disconnected. */
    boolean outlivesClient();

    /** The first byte of the answer has been written (or the client was gone before it). */
    void started();

    /** The model finished a valid fragment; the answer is added to the {@code done} event as {@code saved} (null: nothing). */
    Map<String, Object> completed(String objectJson);

    /** No fragment came of the generation (provider failure, an incomplete object, a timeout). */
    void failed();
}
