// ... existing code ...
import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
        // ... existing code ...
        order.setStatus(OrderStatus.CANCELLED);
        return repository.save(order);
    }

    public List<Order> open(String customerId) {
        return repository.findByCustomer(customerId).stream()
                .filter(order -> order.getStatus() == OrderStatus.OPEN)
                .toList();
    }

    public BigDecimal revenue(String customerId) {
    // ... existing code ...
    public int count(String customerId) {
        int total = 0;
        for (Order ignored : repository.findByCustomer(customerId)) {
            total++;
        }
        return total;
    }
}
