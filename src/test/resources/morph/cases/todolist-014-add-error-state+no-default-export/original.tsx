import React, { useEffect, useState } from 'react';
import { Todo } from './types';
import { fetchTodos, toggleTodo } from './api';

interface TodoListProps {
  userId: string;
  showCompleted: boolean;
}

export function TodoList({ userId, showCompleted }: TodoListProps) {
  const [todos, setTodos] = useState<Todo[]>([]);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    setLoading(true);
    fetchTodos(userId)
      .then(setTodos)
      .finally(() => setLoading(false));
  }, [userId]);

  const visible = showCompleted ? todos : todos.filter((t) => !t.done);

  async function handleToggle(id: string) {
    const updated = await toggleTodo(id);
    setTodos((current) => current.map((t) => (t.id === id ? updated : t)));
  }

  if (loading) {
    return <p className="muted">Loading…</p>;
  }

  return (
    <div className="todo-list">
      <h2>Todos</h2>
      <ul>
        {visible.map((todo) => (
          <li key={todo.id}>
            <label>
              <input
                type="checkbox"
                checked={todo.done}
                onChange={() => handleToggle(todo.id)}
              />
              {todo.title}
            </label>
          </li>
        ))}
      </ul>
      <footer>
        <span>{visible.length} items</span>
      </footer>
    </div>
  );
}

export default TodoList;
