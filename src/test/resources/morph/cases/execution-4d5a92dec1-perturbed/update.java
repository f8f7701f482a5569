            // ... rest of the code ...
            stderr = List.copyOf(stderr);
        }
    }
}
