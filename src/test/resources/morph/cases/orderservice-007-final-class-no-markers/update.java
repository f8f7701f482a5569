import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
