// ... existing code ...
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
                // ... existing code ...
                .orElseThrow(() -> new IllegalStateException("no order " + id));
        if (order.getStatus() == OrderStatus.SHIPPED) {
            throw new IllegalStateException("order " + id + " has shipped");
        }
        order.setStatus(OrderStatus.CANCELLED);
        // ... existing code ...
