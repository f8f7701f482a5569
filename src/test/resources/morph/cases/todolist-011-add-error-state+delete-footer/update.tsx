// ... Existing Code ...
export function TodoList({ userId, showCompleted }: TodoListProps) {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setLoading(true);
          {/* ... Existing Code ... */}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default TodoList;
