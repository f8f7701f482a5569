  // ... existing code ...
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // ... existing code ...
    fetchTodos(userId)
      .then(setTodos)
      .catch((e) => setError(String(e)))
      .finally(() => setLoading(false));
  }, [userId]);

  const shown = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
      {/* ... existing code ... */}
      <ul>
        {shown.map((todo) => (
          <li key={todo.id}>
      {/* ... existing code ... */}
      <footer>
        <span>{shown.length} items</span>
      </footer>
      {/* ... existing code ... */}
