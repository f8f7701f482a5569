    -- ... rest of the code ...
    status TEXT NOT NULL DEFAULT 'open',
    created_at TIMESTAMP NOT NULL DEFAULT now()
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_status_idx ON orders (status);

CREATE VIEW customer_revenue AS
SELECT c.id, c.email, SUM(o.total) AS revenue
-- ... rest of the code ...
