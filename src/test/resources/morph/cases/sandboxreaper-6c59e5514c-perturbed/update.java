        // ... existing code ...
        this.properties = properties;
    }

    /** Kills every expired sandbox (and every one whose processes died) now; returns how many. */
    int reap() {
        Instant now = clock.instant();
        int killed = 0;
        for (Sandbox sandbox : provider.listAll()) {
            boolean expired = !sandbox.expiresAt().isAfter(now);
            if ((expired || !sandbox.isAlive()) && provider.kill(sandbox.id())) {
                log.info("Sandbox {} of user {} {} and was removed", sandbox.id(), sandbox.ownerId(),
                        expired ? "expired" : "died");
                killed++;
            }
        }
// ... existing code ...
