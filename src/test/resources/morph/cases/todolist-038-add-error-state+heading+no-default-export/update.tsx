// ... rest of the code ...
export function TodoList({ userId, showCompleted }: TodoListProps) {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setLoading(true);
    // ... rest of the code ...
    return <p className="muted">Loading…</p>;
  }

  return (
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
        {visible.map((todo) => (
          <li key={todo.id}>
    {/* ... rest of the code ... */}
    </div>
  );
}
