        // ... existing code ...
        store.insert(spec, clock.instant());
        // read before waking the workers: the answer is the task as created (pending), not whatever
        // state a worker of this server has already moved it to
        TaskRecord created = store.find(spec.taskId()).orElseThrow();
        signals.queueChanged();
        return created;
    }
// ... existing code ...
