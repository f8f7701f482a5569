// ... keep existing code ...
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
    // ... keep existing code ...
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
  // ... keep existing code ...
