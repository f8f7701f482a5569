package io.codingit.sandbox.interpreter;

/** The driver protocol against a plain host process (no sandbox): quick to run while developing. */
class HostInterpreterTest extends InterpreterBehaviour {
    @Override
    protected ProcessStarter starter() {
        return new HostProcessStarter();
    }
}
