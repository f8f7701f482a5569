        // ...
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
            // ...
            total = total.add(order.getTotal());
        }
        return total;
    }

    public int count(String customerId) {
        int total = 0;
        for (Order ignored : repository.findByCustomer(customerId)) {
            total++;
        }
        return total;
    }
}
