      // ... Existing Code ...
      .finally(() => setLoading(false));
  }, [userId]);

  const shown = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
    const updated = await toggleTodo(id);
    setTodos((current) => current.map((t) => (t.id === id ? updated : t)));
  }

  if (loading) {
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
    <div className="todo-list">
      <h2>Todos</h2>
      <ul>
        {shown.map((todo) => (
          <li key={todo.id}>
            <label>
              <input
        // ... Existing Code ...
        ))}
      </ul>
      <footer>
        <span>{shown.length} items</span>
      </footer>
    </div>
  );
  // ... Existing Code ...
