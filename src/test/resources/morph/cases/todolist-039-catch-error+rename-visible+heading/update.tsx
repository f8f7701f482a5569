    // ... keep existing code ...
    fetchTodos(userId)
      .then(setTodos)
      .catch((e) => setError(String(e)))
      .finally(() => setLoading(false));
  }, [userId]);

  const shown = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
    {/* ... keep existing code ... */}
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
        {shown.map((todo) => (
          <li key={todo.id}>
      {/* ... keep existing code ... */}
      <footer>
        <span>{shown.length} items</span>
      </footer>
      {/* ... keep existing code ... */}
