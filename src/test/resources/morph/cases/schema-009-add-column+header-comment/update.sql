-- customers, their orders and revenue
CREATE TABLE customers (
    -- ... keep existing code ...
    name TEXT NOT NULL,
    phone TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE orders (
-- ... keep existing code ...
