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
