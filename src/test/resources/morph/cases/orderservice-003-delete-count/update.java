            // ... keep existing code ...
            total = total.add(order.getTotal());
        }
        return total;
    }

