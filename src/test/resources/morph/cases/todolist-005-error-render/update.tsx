    // ... Existing Code ...
    setTodos((current) => current.map((t) => (t.id === id ? updated : t)));
  }

  if (loading) {
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
  // ... Existing Code ...
