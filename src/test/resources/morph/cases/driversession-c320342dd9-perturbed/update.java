    // ... existing code ...
    /** Starts the driver and waits until its shell is ready. */
    static DriverSession start(ProcessStarter starter, JsonMapper json, InterpreterProperties properties)
            throws InterpreterStartException, InterruptedException {
        SandboxProcess process;
        try {
            process = starter.start(DriverProgram.command(properties));
        } catch (RuntimeException e) {
            throw new InterpreterStartException("Python could not be started in the sandbox: " + e.getMessage());
        }
        DriverSession session = new DriverSession(process, json, properties);
        try {
            session.begin();
// ... existing code ...
