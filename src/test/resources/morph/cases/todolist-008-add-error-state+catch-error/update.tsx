// ... rest of the code ...
export function TodoList({ userId, showCompleted }: TodoListProps) {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setLoading(true);
    fetchTodos(userId)
      .then(setTodos)
      .catch((e) => setError(String(e)))
      .finally(() => setLoading(false));
  }, [userId]);

  const visible = showCompleted ? todos : todos.filter((t) => !t.done);
  // ... rest of the code ...
