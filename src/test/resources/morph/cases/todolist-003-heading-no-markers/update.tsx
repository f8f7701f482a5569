    <div className="todo-list">
      <h2>My todos</h2>
      <ul>
