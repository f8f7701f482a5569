package com.example.shop.orders;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator calculator;
    // ... Existing Code ...
