                       // ...
                       String token) {
        /** Spring MVC logs response bodies at DEBUG/TRACE; the secret must not go with them. */
        @Override
        public String toString() {
            return "CreatedView[id=" + id + ", name=" + name + ", prefix=" + prefix + ", token=<redacted>]";
        }
    }
// ...
