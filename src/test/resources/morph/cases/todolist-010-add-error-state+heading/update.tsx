  // ...
  const [todos, setTodos] = useState<Todo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
  // ...
  return (
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
        {visible.map((todo) => (
        {/* ... */}
