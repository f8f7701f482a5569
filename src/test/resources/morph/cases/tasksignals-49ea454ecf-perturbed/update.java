// ... existing code ...

    /** A task was queued (or queued again): this server's workers and, through Redis, the others'. */
    void queueChanged() {
// ... existing code ...

    /**
     * Only this server's dispatcher cares (a slot freed, or it must stop): telling the other servers
     * would wake all their idle workers for nothing.
     */
    void localQueueChanged() {
        queue.bump();
    }

    private void fromOtherServer(String signal) {
// ... existing code ...
