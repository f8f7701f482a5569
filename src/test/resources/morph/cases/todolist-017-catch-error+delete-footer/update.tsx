  // ... Existing Code ...
  useEffect(() => {
    setLoading(true);
    fetchTodos(userId)
      .then(setTodos)
      .catch((e) => setError(String(e)))
      .finally(() => setLoading(false));
  }, [userId]);

  const visible = showCompleted ? todos : todos.filter((t) => !t.done);
          {/* ... Existing Code ... */}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default TodoList;
