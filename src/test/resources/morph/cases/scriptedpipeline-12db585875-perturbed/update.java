// ...

    /** Runs started by this instance (one instance per application context). */
    public final AtomicInteger runs = new AtomicInteger();

    public static int executions(String taskId) {  
        // ...
        EXECUTIONS.computeIfAbsent(run.spec().taskId(), k -> new AtomicInteger()).incrementAndGet();
        runs.incrementAndGet();
        String user = run.spec().userId();
                // ...
                }  
                case "parallel" -> parallel(run, arg);
                case "fail" -> throw new TaskFailedException(arg.replace('_', ' '));
// ...

    /** {@code parallel:TxN}: T threads each log N lines at once (the pipeline may log from several threads). */
    private static void parallel(TaskRun run, String arg) {
        String[] tn = arg.split("x");
        int threads = Integer.parseInt(tn[0]);
        int lines = Integer.parseInt(tn[1]);
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int writer = t;
            started.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < lines; i++) {
                    run.log(TaskLogType.COMMAND, "writer " + writer + " line " + i);
                }
            }));
        }
        for (Thread thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new TaskCancelledException();
            }
        }
    }

    private static void sleep(TaskRun run, Duration d) {
// ...
