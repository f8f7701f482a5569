import React, { useEffect, useState } from 'react';
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
        // ... existing code ...
        ))}
      </ul>
    </div>
  );
  // ... existing code ...
