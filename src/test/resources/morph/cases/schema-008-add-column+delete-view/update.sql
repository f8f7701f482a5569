-- ... rest of the code ...
CREATE TABLE customers (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    -- ... rest of the code ...
    status TEXT NOT NULL DEFAULT 'open',
    created_at TIMESTAMP NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
