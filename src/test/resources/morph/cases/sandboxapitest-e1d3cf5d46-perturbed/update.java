// ... keep existing code ...

        assertThat(api.delete("/api/sandbox/" + sbxId).status()).isEqualTo(200);
        assertThat(api.get("/api/sandbox/" + sbxId).status()).isEqualTo(404);
        // The sandbox leaves the registry before its processes (e.g. a running interpreter) have been
        // killed and its directory removed; cleanup finishes shortly after.
        while (!local().leftovers(sbxId).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(local().leftovers(sbxId)).isEmpty();
    }

            // ... keep existing code ...
            Thread.sleep(100);
        }
        assertThat(api.get("/api/sandbox/" + sbxId).status()).isEqualTo(404);
        // The sandbox leaves the registry before its processes (e.g. a running interpreter) have been
        // killed and its directory removed; cleanup finishes shortly after.
        while (!local().leftovers(sbxId).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(local().leftovers(sbxId)).isEmpty();
    }

// ... keep existing code ...
