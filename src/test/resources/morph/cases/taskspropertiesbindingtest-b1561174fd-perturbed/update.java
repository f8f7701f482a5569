        // ... rest of the code ...
        Map<String, String[]> rows = documentedRows();
        // the page also documents the pipeline's keys; each of the queue's must be there
        java.util.List<String> keys = java.util.Arrays.stream(TasksProperties.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "-$1").toLowerCase()).toList();
        assertThat(rows.keySet()).containsAll(keys);
        rows.keySet().retainAll(keys);
        TasksProperties defaults = bind(Map.of());
// ... rest of the code ...
