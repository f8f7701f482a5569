package io.codingit.sandbox.egress;

/** A destination the egress proxy will not connect a sandbox to; the message says why, for the sandbox's user. */
final class EgressRefusedException extends RuntimeException {
    EgressRefusedException(String message) {
        super(message, null, false, false);
    }
}
