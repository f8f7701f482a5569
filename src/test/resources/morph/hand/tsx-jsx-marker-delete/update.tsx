// ... existing code ...
    <nav>
      <a href="/">Home</a>
      <a href="/docs">Docs</a>
      {/* ... existing code ... */}
