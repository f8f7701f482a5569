    // ... existing code ...
    fetchTodos(userId)
      .then(setTodos)
      .catch((e) => setError(String(e)))
      .finally(() => setLoading(false));
    // ... existing code ...
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
  // ... existing code ...
