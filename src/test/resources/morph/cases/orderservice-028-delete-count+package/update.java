package com.example.shop.orders;

import java.math.BigDecimal;
            // ...
            total = total.add(order.getTotal());
        }
        return total;
    }

