package com.example.shop.orders;

import java.math.BigDecimal;
// ... existing code ...
