    public Order cancel(String id) {
        Order order = repository.findById(id)
                .orElseThrow(() -> new IllegalStateException("no order " + id));
        if (order.getStatus() == OrderStatus.SHIPPED) {
            throw new IllegalStateException("order " + id + " has shipped");
        }
        order.setStatus(OrderStatus.CANCELLED);
        return repository.save(order);
    }

    public BigDecimal revenue(String customerId) {
