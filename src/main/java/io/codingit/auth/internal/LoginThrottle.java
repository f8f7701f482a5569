package io.codingit.auth.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throttles password guessing, separately from the per-route rate limits: each login attempt
 * draws one token from the account's bucket (keyed by normalised email) and one from the client
 * IP's bucket; a successful login gives them back, so only failures count. Buckets refill
 * gradually over the window. Drawing before verifying (rather than counting failures afterwards)
 * keeps parallel guesses within the budget too.
 *
 * <p>In memory, per instance: with N instances an attacker gets at most N times the budget, which
 * still defeats credential stuffing; the rate-limit group {@code auth} (shared through Redis when
 * configured) bounds the total request rate on top.
 */
@Component
class LoginThrottle {
    private static final int SWEEP_THRESHOLD = 10_000;
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Allowed, or refused with the seconds after which the next attempt may succeed. */
    record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    private final ConcurrentMap<String, Bucket> accounts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Bucket> addresses = new ConcurrentHashMap<>();
    private final Bandwidth accountLimit;
    private final Bandwidth addressLimit;
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    LoginThrottle(AuthProperties properties) {
        AuthProperties.LoginThrottle config = properties.loginThrottle();
        this.accountLimit = limit(config.accountFailures(), config.window());
        this.addressLimit = limit(config.ipFailures(), config.window());
    }

    /** Takes one attempt from both budgets, or none if either is exhausted. */
    Verdict attempt(String email, String clientIp) {
        Bucket account = bucket(accounts, email, accountLimit);
        Bucket address = bucket(addresses, clientIp, addressLimit);
        ConsumptionProbe byAddress = address.tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            return refused(byAddress);
        }
        ConsumptionProbe byAccount = account.tryConsumeAndReturnRemaining(1);
        if (!byAccount.isConsumed()) {
            address.addTokens(1);
            return refused(byAccount);
        }
        return new Verdict(true, 0);
    }

    /** A successful login does not count against either budget, and clears the account's. */
    void succeeded(String email, String clientIp) {
        accounts.remove(email);
        Bucket address = addresses.get(clientIp);
        if (address != null) {
            address.addTokens(1);
        }
    }

    private static Verdict refused(ConsumptionProbe probe) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
        return new Verdict(false, seconds);
    }

    private static Bandwidth limit(int attempts, Duration window) {
        return Bandwidth.builder().capacity(attempts).refillGreedy(attempts, window).build();
    }

    private Bucket bucket(ConcurrentMap<String, Bucket> buckets, String key, Bandwidth limit) {
        if (buckets.size() > SWEEP_THRESHOLD) {
            long now = System.nanoTime();
            long last = lastSweep.get();
            // at most one sweep per interval, so that a flood of keys does not make every login O(n)
            if (now - last > SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now)) {
                sweep(buckets, limit.getCapacity());
            }
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).build());
    }

    /** A full bucket is the same as none, so dropping it forgets nothing: memory stays bounded. */
    private static void sweep(ConcurrentMap<String, Bucket> buckets, long capacity) {
        buckets.values().removeIf(b -> b.getAvailableTokens() >= capacity);
    }
}
