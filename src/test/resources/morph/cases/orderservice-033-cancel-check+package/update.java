package com.example.shop.orders;

import java.math.BigDecimal;
                // ... keep existing code ...
                .orElseThrow(() -> new IllegalStateException("no order " + id));
        if (order.getStatus() == OrderStatus.SHIPPED) {
            throw new IllegalStateException("order " + id + " has shipped");
        }
        order.setStatus(OrderStatus.CANCELLED);
        // ... keep existing code ...
