        // ... rest of the code ...
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
            // ... rest of the code ...
