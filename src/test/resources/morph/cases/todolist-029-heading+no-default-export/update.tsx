    // ... Existing Code ...
    return <p className="muted">Loading…</p>;
  }

  return (
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
        {visible.map((todo) => (
          <li key={todo.id}>
    {/* ... Existing Code ... */}
    </div>
  );
}
