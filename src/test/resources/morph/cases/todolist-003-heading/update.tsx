    {/* ... keep existing code ... */}
    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
      {/* ... keep existing code ... */}
