  // ... keep existing code ...
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
  // ... keep existing code ...
  }, [userId]);

  const shown = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
      {/* ... keep existing code ... */}
      <ul>
        {shown.map((todo) => (
          <li key={todo.id}>
      {/* ... keep existing code ... */}
      <footer>
        <span>{shown.length} items</span>
      </footer>
      {/* ... keep existing code ... */}
