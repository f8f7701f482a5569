// ... rest of the code ...
import java.util.List;
import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator pricing;

    public OrderService(OrderRepository repository, PriceCalculator pricing) {
        this.repository = repository;
        this.pricing = pricing;
    }

    public Order create(String customerId, List<OrderLine> lines) {
            // ... rest of the code ...
            throw new IllegalArgumentException("an order needs at least one line");
        }
        Order order = new Order(customerId, new ArrayList<>(lines));
        order.setTotal(pricing.total(lines));
        return repository.save(order);
    }

    public Optional<Order> find(String id) {
            // ... rest of the code ...
            total = total.add(order.getTotal());
        }
        return total;
    }

