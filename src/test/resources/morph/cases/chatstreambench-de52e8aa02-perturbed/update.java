 // ... rest of the code ...
 */
@ChatTest
class ChatStreamBench {
    private static final int WARMUP = Integer.getInteger("chat.bench.warmup", 20);
    /** 100 by default; more ({@code -Dchat.bench.runs=1000}) when profiling. */
    private static final int RUNS = Integer.getInteger("chat.bench.runs", 100);

    @LocalServerPort
    int port;
            // ... rest of the code ...
            System.out.println("CHAT-BENCH runs=" + RUNS + " chunks=" + chunks.size());
            System.out.println("CHAT-BENCH direct  " + summary(direct));
            System.out.println("CHAT-BENCH through " + summary(proxied));
            if (RUNS > 200) {
                // The first 100 (after the warm-up) and the rest apart: the JIT keeps compiling the server's path for a while.
                System.out.println("CHAT-BENCH first 100 direct  " + summary(direct.subList(0, 100)));
                System.out.println("CHAT-BENCH first 100 through " + summary(proxied.subList(0, 100)));
                System.out.println("CHAT-BENCH last " + (RUNS - 100) + " direct  " + summary(direct.subList(100, RUNS)));
                System.out.println("CHAT-BENCH last " + (RUNS - 100) + " through " + summary(proxied.subList(100, RUNS)));
            }
        }  
    }

// ... rest of the code ...
