import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
