        // ... existing code ...
        }
        Account account = known.get(id);
        if (account == null) {
            // outside the map's lock: a first sight costs a database round trip, which must not block others
            account = accounts.findOrCreateExternal(id, email(claims), AccountStore.SUPABASE);
            known.put(id, account);
        }
        return new AuthenticatedUser(account.id(), account.email());
// ... existing code ...
