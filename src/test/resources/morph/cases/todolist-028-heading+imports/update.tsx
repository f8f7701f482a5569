import React, { useEffect, useState } from 'react';
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
  // ...
  return (
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
        {visible.map((todo) => (
        {/* ... */}
