  // ... existing code ...
  }, [userId]);

  const shown = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
      {/* ... existing code ... */}
      <h2>Todos</h2>
      <ul>
        {shown.map((todo) => (
          <li key={todo.id}>
            <label>
      {/* ... existing code ... */}
      </ul>
      <footer>
        <span>{shown.length} items</span>
      </footer>
    </div>
  );
}
