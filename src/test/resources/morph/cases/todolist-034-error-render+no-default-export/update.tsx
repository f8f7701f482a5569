  // ...
  if (loading) {
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
  // ...
  );
}
