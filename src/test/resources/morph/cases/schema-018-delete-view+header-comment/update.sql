-- customers, their orders and revenue
CREATE TABLE customers (
-- ... existing code ...
CREATE INDEX orders_customer_idx ON orders (customer_id);
