package com.example.shop.orders;

import java.math.BigDecimal;
        // ... existing code ...
        Order order = repository.findById(id)
                .orElseThrow(() -> new IllegalStateException("no order " + id));
        if (order.getStatus() == OrderStatus.SHIPPED) {
            throw new IllegalStateException("order " + id + " has shipped");
        }
        order.setStatus(OrderStatus.CANCELLED);
        return repository.save(order);
    }

    public BigDecimal revenue(String customerId) {
            // ... existing code ...
            total = total.add(order.getTotal());
        }
        return total;
    }

