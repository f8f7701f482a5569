    // ... existing code ...
    return <p className="muted">Loading…</p>;
  }

  if (error) {
    return <p className="error">{error}</p>;
  }

  return (
      {/* ... existing code ... */}
      </ul>
    </div>
    {/* ... existing code ... */}
