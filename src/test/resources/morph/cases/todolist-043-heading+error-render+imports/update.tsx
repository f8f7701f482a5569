import React, { useEffect, useState } from 'react';
import { Todo } from './types';
import { deleteTodo, fetchTodos, toggleTodo } from './api';

interface TodoListProps {
  // ... existing code ...
  if (loading) {
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
        {visible.map((todo) => (
        {/* ... existing code ... */}
