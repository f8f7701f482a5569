      // ... rest of the code ...
      .finally(() => setLoading(false));
  }, [userId]);

  const shown = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
    const updated = await toggleTodo(id);
    {/* ... rest of the code ... */}
    <div className="todo-list">
      <h2>Todos</h2>
      <ul>
        {shown.map((todo) => (
          <li key={todo.id}>
            <label>
              <input
        // ... rest of the code ...
        ))}
      </ul>
      <footer>
        <span>{shown.length} items</span>
      </footer>
    </div>
  );
  // ... rest of the code ...
