    -- ... existing code ...
    name TEXT NOT NULL,
    phone TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    -- ... existing code ...
    total NUMERIC(12, 2) NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'cancelled')),
    created_at TIMESTAMP NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
-- ... existing code ...
