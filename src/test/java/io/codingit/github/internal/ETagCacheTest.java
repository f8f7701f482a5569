package io.codingit.github.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditional-request cache stays within its size bound, dropping the least recently used answers. */
class ETagCacheTest {
    private static ETagCache.Entry entry(int bodyLength) {
        return new ETagCache.Entry("\"e\"", "x".repeat(bodyLength), null);
    }

    @Test
    void evictsTheLeastRecentlyUsedWhenFull() {
        ETagCache cache = new ETagCache(1_000);
        cache.put("a", entry(200));
        cache.put("b", entry(200));
        cache.put("c", entry(200));
        cache.get("a");
        cache.put("d", entry(200));
        cache.put("e", entry(200));

        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("e")).isPresent();
        assertThat(cache.size()).isEqualTo(4);
    }

    @Test
    void anAnswerLargerThanAQuarterOfTheBoundIsNotCached() {
        ETagCache cache = new ETagCache(1_000);
        cache.put("small", entry(100));
        cache.put("huge", entry(300));

        assertThat(cache.get("huge")).isEmpty();
        assertThat(cache.get("small")).isPresent();
    }

    @Test
    void replacingAnEntryKeepsTheAccountingRight() {
        ETagCache cache = new ETagCache(1_000);
        for (int i = 0; i < 100; i++) {
            cache.put("same", entry(200));
        }
        cache.put("other", entry(200));

        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void forgettingATokensEntriesLeavesOthersAndFreesTheirSpace() {
        ETagCache cache = new ETagCache(1_000);
        cache.put("hashA /user", entry(200));
        cache.put("hashA /user/orgs", entry(200));
        cache.put("hashB /user", entry(200));

        cache.removeAllStartingWith("hashA ");

        assertThat(cache.get("hashA /user")).isEmpty();
        assertThat(cache.get("hashB /user")).isPresent();
        for (int i = 0; i < 3; i++) {
            cache.put("hashC " + i, entry(200));
        }
        assertThat(cache.size()).isEqualTo(4);
    }
}
