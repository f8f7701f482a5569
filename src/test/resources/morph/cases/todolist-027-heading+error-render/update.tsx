    // ... keep existing code ...
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
      {/* ... keep existing code ... */}
