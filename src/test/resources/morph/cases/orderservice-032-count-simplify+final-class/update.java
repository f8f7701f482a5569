// ... rest of the code ...
import java.util.List;
import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator calculator;
            // ... rest of the code ...
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
