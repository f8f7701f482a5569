import React, { useEffect, useState } from 'react';
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
  userId: string;
    {/* ... Existing Code ... */}
    </div>
  );
}
