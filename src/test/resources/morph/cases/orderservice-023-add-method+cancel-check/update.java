    // ... Existing Code ...
    public Order cancel(String id) {
        Order order = repository.findById(id)
                .orElseThrow(() -> new IllegalStateException("no order " + id));
        if (order.getStatus() == OrderStatus.SHIPPED) {
            throw new IllegalStateException("order " + id + " has shipped");
        }
        order.setStatus(OrderStatus.CANCELLED);
        return repository.save(order);
    }

    public List<Order> open(String customerId) {
        return repository.findByCustomer(customerId).stream()
                .filter(order -> order.getStatus() == OrderStatus.OPEN)
                .toList();
    }

    public BigDecimal revenue(String customerId) {
        BigDecimal total = BigDecimal.ZERO;
        for (Order order : repository.findByCustomer(customerId)) {
            total = total.add(order.getTotal());
            // ... Existing Code ...
