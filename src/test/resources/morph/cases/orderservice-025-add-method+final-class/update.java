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
        BigDecimal total = BigDecimal.ZERO;
        // ... existing code ...
