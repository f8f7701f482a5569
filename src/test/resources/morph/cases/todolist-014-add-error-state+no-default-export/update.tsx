// ... rest of the code ...
export function TodoList({ userId, showCompleted }: TodoListProps) {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setLoading(true);
    {/* ... rest of the code ... */}
    </div>
  );
}
