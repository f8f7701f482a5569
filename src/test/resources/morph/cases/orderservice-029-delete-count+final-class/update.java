// ... Existing Code ...
import java.util.List;
import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator calculator;
            // ... Existing Code ...
            total = total.add(order.getTotal());
        }
        return total;
    }

