import React, { useEffect, useState } from 'react';
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
  userId: string;
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
    </div>
  );
}
