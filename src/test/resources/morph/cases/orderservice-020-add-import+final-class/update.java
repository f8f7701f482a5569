package com.example.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

public final class OrderService {

    private final OrderRepository repository;
    private final PriceCalculator calculator;
    // ... rest of the code ...
