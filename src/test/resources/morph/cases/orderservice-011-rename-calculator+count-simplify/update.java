// ... Existing Code ...
public class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator pricing;

    public OrderService(OrderRepository repository, PriceCalculator pricing) {
        this.repository = repository;
        this.pricing = pricing;
    }

    public Order create(String customerId, List<OrderLine> lines) {
            // ... Existing Code ...
            throw new IllegalArgumentException("an order needs at least one line");
        }
        Order order = new Order(customerId, new ArrayList<>(lines));
        order.setTotal(pricing.total(lines));
        return repository.save(order);
    }

    public Optional<Order> find(String id) {
            // ... Existing Code ...
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
