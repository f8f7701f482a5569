package io.codingit.auth.internal;

/** How a request authenticated; some operations (managing API tokens) demand a real session. */
enum CredentialKind {
    SESSION, SUPABASE, API_TOKEN
}
