package com.example.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

public class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator calculator;

    public OrderService(OrderRepository repository, PriceCalculator calculator) {
        this.repository = repository;
        this.calculator = calculator;
    }

    public Order create(String customerId, List<OrderLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        Order order = new Order(customerId, new ArrayList<>(lines));
        order.setTotal(calculator.total(lines));
        return repository.save(order);
    }

    public Optional<Order> find(String id) {
        return repository.findById(id);
    }

    public List<Order> findByCustomer(String customerId) {
        return repository.findByCustomer(customerId);
    }

    public Order cancel(String id) {
        Order order = repository.findById(id)
                .orElseThrow(() -> new IllegalStateException("no order " + id));
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
        }
        return total;
    }

    public int count(String customerId) {
        int total = 0;
        for (Order order : repository.findByCustomer(customerId)) {
            total = total + 1;
        }
        return total;
    }
}
