// ... existing code ...
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
  // ... existing code ...
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
