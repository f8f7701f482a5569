import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who retains the live heap (docs/memory.md, "Fifth pass"): reads a heap dump ({@code jcmd PID
 * GC.heap_dump FILE}, which collects first), computes the dominator tree (Lengauer-Tarjan) from a virtual
 * root over the dump's GC roots, and prints
 * <ul>
 *   <li>the dominator tree down to objects retaining at least {@code -Dmin} bytes (default 300,000), with
 *       the field or array index through which each is held when its dominator holds it directly;</li>
 *   <li>the top-level dominators (objects held by more than one owner or by a root) grouped by class;</li>
 *   <li>for each class named in {@code -Dclasses}, its instances grouped by their nearest dominator that is a
 *       class (static fields) or a non-JDK object: "which bean or static field holds them";</li>
 *   <li>what is not reached through the dump's references: HotSpot writes a class's statics but not the
 *       fields of its {@code java.lang.Class} object, so the reflection and annotation caches hanging from
 *       {@code Class.reflectionData} and the like show here, with the declaring packages of their methods.</li>
 * </ul>
 * Sizes are shallow sizes under compressed oops (12-byte headers, 4-byte references, 8-byte alignment);
 * the HPROF file does not record the real layout, so totals are within a few percent of
 * {@code GC.class_histogram}'s. JDK only; run as a source file:
 * {@code java -Xmx4g bench/memory/HeapRetainers.java /tmp/x.hprof}. A dump of this server (~75 MB) takes
 * ~20 s.
 */
public final class HeapRetainers {
    private static final int INSTANCE = 0, OBJECT_ARRAY = 1, PRIMITIVE_ARRAY = 2, CLASS = 3;
    private static final String[] PRIMITIVE_ARRAYS = {null, null, null, null, "boolean[]", "char[]", "float[]",
            "double[]", "byte[]", "short[]", "int[]", "long[]"};

    private record ClassInfo(long id, long superId, long loaderId, String name, long[] fieldNames, byte[] fieldTypes,
                             long[] staticRefs, long[] staticNames) { }

    private final ByteBuffer dump;
    private int idSize;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, Long> classNames = new HashMap<>();
    private final List<ClassInfo> classes = new ArrayList<>();
    private final Map<Long, Integer> classIndex = new HashMap<>();
    private final Map<Integer, Integer> instanceBytes = new HashMap<>();

    // objects: index 0 is the virtual root
    private final IdIndex index = new IdIndex(1 << 21);
    private long[] ids = new long[1 << 20];
    private int[] objectClass = new int[1 << 20]; // index into classes, or -100 - primitive type
    private int[] size = new int[1 << 20];
    private byte[] kind = new byte[1 << 20];
    private int[] length = new int[1 << 20];
    private int[] position = new int[1 << 20];
    private int count = 1;
    private final Longs roots = new Longs();

    // references (compressed rows) and their labels: >= 0 an index into labels, < 0 -(array index + 1)
    private int[] edgeStart, edgeTo, edgeLabel;
    private final List<String> labels = new ArrayList<>();
    private final Map<String, Integer> labelIndex = new HashMap<>();

    private int[] idom, order;
    private long[] retained;
    private int[] childStart, children;

    private HeapRetainers(ByteBuffer dump) {
        this.dump = dump;
    }

    public static void main(String[] args) throws IOException {
        ByteBuffer buffer;
        try (FileChannel channel = FileChannel.open(Path.of(args[0]))) {
            buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        HeapRetainers heap = new HeapRetainers(buffer);
        heap.read();
        heap.link();
        heap.dominators();
        heap.report(Long.getLong("min", 300_000), System.getProperty("classes",
                "byte[],java.lang.String,java.lang.reflect.Method,jdk.internal.classfile.impl.AbstractPoolEntry$Utf8EntryImpl")
                .split(","));
    }

    // ---- reading

    private long id() {
        return idSize == 8 ? dump.getLong() : dump.getInt() & 0xffffffffL;
    }

    private int typeSize(int type) {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IllegalStateException("unknown HPROF type " + type);
        };
    }

    /** The size in the running JVM: references are compressed. */
    private int heapSize(int type) {
        return type == 2 ? 4 : typeSize(type);
    }

    private static int align(long bytes) {
        return (int) ((bytes + 7) & ~7L);
    }

    private void read() {
        while (dump.get() != 0) { } // "JAVA PROFILE 1.0.2"
        idSize = dump.getInt();
        dump.getLong();
        List<int[]> segments = new ArrayList<>();
        while (dump.hasRemaining()) {
            int tag = dump.get() & 0xff;
            dump.getInt();
            int bodyLength = dump.getInt();
            int start = dump.position();
            if (tag == 0x01) { // UTF8
                long id = id();
                byte[] text = new byte[bodyLength - idSize];
                dump.get(text);
                strings.put(id, new String(text, StandardCharsets.UTF_8));
            } else if (tag == 0x02) { // LOAD CLASS
                dump.getInt();
                long classId = id();
                dump.getInt();
                classNames.put(classId, id());
            } else if (tag == 0x0C || tag == 0x1C) { // HEAP DUMP (SEGMENT)
                segments.add(new int[] {start, bodyLength});
            }
            dump.position(start + bodyLength);
        }
        for (int[] segment : segments) {
            scan(segment, true);
        }
        for (int[] segment : segments) {
            scan(segment, false);
        }
        System.err.printf("%,d objects, %,d classes, %,d roots%n", count - 1, classes.size(), roots.size);
    }

    private void scan(int[] segment, boolean classesOnly) {
        dump.position(segment[0]);
        int end = segment[0] + segment[1];
        while (dump.position() < end) {
            int tag = dump.get() & 0xff;
            switch (tag) {
                case 0xFF, 0x05, 0x07 -> root(id(), classesOnly, 0);
                case 0x01 -> root(id(), classesOnly, idSize);
                case 0x02, 0x03, 0x08 -> root(id(), classesOnly, 8);
                case 0x04, 0x06 -> root(id(), classesOnly, 4);
                case 0x20 -> classDump(classesOnly);
                case 0x21 -> {
                    int at = dump.position();
                    long id = id();
                    dump.getInt();
                    Integer type = classIndex.get(id());
                    int bytes = dump.getInt();
                    dump.position(dump.position() + bytes);
                    if (!classesOnly) {
                        add(id, INSTANCE, type == null ? -1 : type, align(12 + instanceBytes(type)), at, bytes);
                    }
                }
                case 0x22 -> {
                    int at = dump.position();
                    long id = id();
                    dump.getInt();
                    int elements = dump.getInt();
                    Integer type = classIndex.get(id());
                    dump.position(dump.position() + elements * idSize);
                    if (!classesOnly) {
                        add(id, OBJECT_ARRAY, type == null ? -1 : type, align(16 + 4L * elements), at, elements);
                    }
                }
                case 0x23 -> {
                    int at = dump.position();
                    long id = id();
                    dump.getInt();
                    int elements = dump.getInt();
                    int type = dump.get();
                    dump.position(dump.position() + elements * typeSize(type));
                    if (!classesOnly) {
                        add(id, PRIMITIVE_ARRAY, -100 - type, align(16 + (long) elements * typeSize(type)), at, elements);
                    }
                }
                default -> throw new IllegalStateException("unknown heap dump record " + Integer.toHexString(tag));
            }
        }
    }

    private void root(long id, boolean classesOnly, int skip) {
        dump.position(dump.position() + skip);
        if (!classesOnly) {
            roots.add(id);
        }
    }

    private void classDump(boolean classesOnly) {
        int at = dump.position();
        long id = id();
        dump.getInt();
        long superId = id();
        long loaderId = id();
        for (int i = 0; i < 4; i++) {
            id(); // signers, protection domain, reserved
        }
        dump.getInt();
        int constants = dump.getShort() & 0xffff;
        for (int i = 0; i < constants; i++) {
            dump.getShort();
            int type = dump.get();
            dump.position(dump.position() + typeSize(type));
        }
        int statics = dump.getShort() & 0xffff;
        Longs refs = new Longs();
        Longs names = new Longs();
        int staticBytes = 0;
        for (int i = 0; i < statics; i++) {
            long name = id();
            int type = dump.get();
            staticBytes += heapSize(type);
            if (type == 2) {
                long value = id();
                if (value != 0) {
                    refs.add(value);
                    names.add(name);
                }
            } else {
                dump.position(dump.position() + typeSize(type));
            }
        }
        int fields = dump.getShort() & 0xffff;
        long[] fieldNames = new long[fields];
        byte[] fieldTypes = new byte[fields];
        for (int i = 0; i < fields; i++) {
            fieldNames[i] = id();
            fieldTypes[i] = dump.get();
        }
        if (classesOnly) {
            Long nameId = classNames.get(id);
            String name = nameId == null ? "?" : strings.getOrDefault(nameId, "?").replace('/', '.');
            classIndex.put(id, classes.size());
            classes.add(new ClassInfo(id, superId, loaderId, name, fieldNames, fieldTypes, refs.toArray(), names.toArray()));
        } else {
            add(id, CLASS, classIndex.get(id), align(16 + staticBytes), at, 0);
        }
    }

    private int instanceBytes(Integer type) {
        if (type == null) {
            return 0;
        }
        return instanceBytes.computeIfAbsent(type, t -> {
            int bytes = 0;
            for (ClassInfo c = classes.get(t); c != null; c = superOf(c)) {
                for (byte fieldType : c.fieldTypes()) {
                    bytes += heapSize(fieldType);
                }
            }
            return bytes;
        });
    }

    private ClassInfo superOf(ClassInfo c) {
        Integer parent = classIndex.get(c.superId());
        return parent == null ? null : classes.get(parent);
    }

    private void add(long id, int objectKind, int type, int bytes, int at, int elements) {
        if (count == ids.length) {
            int grown = count * 2;
            ids = Arrays.copyOf(ids, grown);
            objectClass = Arrays.copyOf(objectClass, grown);
            size = Arrays.copyOf(size, grown);
            kind = Arrays.copyOf(kind, grown);
            length = Arrays.copyOf(length, grown);
            position = Arrays.copyOf(position, grown);
        }
        ids[count] = id;
        kind[count] = (byte) objectKind;
        objectClass[count] = type;
        size[count] = bytes;
        position[count] = at;
        length[count] = elements;
        index.put(id, count++);
    }

    // ---- the reference graph

    private int label(String name) {
        return labelIndex.computeIfAbsent(name, k -> {
            labels.add(k);
            return labels.size() - 1;
        });
    }

    private void link() {
        Ints to = new Ints();
        Ints via = new Ints();
        edgeStart = new int[count + 1];
        int rootLabel = label("<root>");
        for (int i = 0; i < roots.size; i++) {
            edge(to, via, roots.values[i], rootLabel);
        }
        for (int o = 1; o < count; o++) {
            edgeStart[o] = to.size;
            if (kind[o] == INSTANCE && objectClass[o] >= 0) {
                ClassInfo c = classes.get(objectClass[o]);
                edge(to, via, c.id(), label("<class>"));
                dump.position(position[o] + idSize + 4 + idSize + 4);
                for (; c != null; c = superOf(c)) { // an instance's fields: its class's first, then its super's
                    for (int f = 0; f < c.fieldTypes().length; f++) {
                        if (c.fieldTypes()[f] == 2) {
                            edge(to, via, id(), label(strings.getOrDefault(c.fieldNames()[f], "?")));
                        } else {
                            dump.position(dump.position() + typeSize(c.fieldTypes()[f]));
                        }
                    }
                }
            } else if (kind[o] == OBJECT_ARRAY) {
                dump.position(position[o] + idSize + 4 + 4 + idSize);
                for (int i = 0; i < length[o]; i++) {
                    edge(to, via, id(), -(i + 1));
                }
            } else if (kind[o] == CLASS) {
                ClassInfo c = classes.get(objectClass[o]);
                for (int i = 0; i < c.staticRefs().length; i++) {
                    edge(to, via, c.staticRefs()[i], label("static " + strings.getOrDefault(c.staticNames()[i], "?")));
                }
                edge(to, via, c.loaderId(), label("<loader>"));
                edge(to, via, c.superId(), label("<super>"));
            }
        }
        edgeStart[count] = to.size;
        edgeTo = to.toArray();
        edgeLabel = via.toArray();
    }

    private void edge(Ints to, Ints via, long target, int label) {
        int t = index.get(target);
        if (t > 0) {
            to.add(t);
            via.add(label);
        }
    }

    /** Lengauer-Tarjan with path compression, in depth-first numbering; then retained sizes bottom-up. */
    private void dominators() {
        int[] number = new int[count];
        Arrays.fill(number, -1);
        order = new int[count];
        int[] parent = new int[count];
        int[] stack = new int[count];
        int[] next = new int[count];
        int reached = 0;
        int top = 0;
        stack[top++] = 0;
        number[0] = reached;
        order[reached++] = 0;
        next[0] = edgeStart[0];
        while (top > 0) {
            int v = stack[top - 1];
            if (next[v] < edgeStart[v + 1]) {
                int w = edgeTo[next[v]++];
                if (number[w] < 0) {
                    number[w] = reached;
                    order[reached++] = w;
                    parent[number[w]] = number[v];
                    next[w] = edgeStart[w];
                    stack[top++] = w;
                }
            } else {
                top--;
            }
        }
        order = Arrays.copyOf(order, reached);
        int[] predStart = new int[reached + 1];
        for (int v = 0; v < count; v++) {
            if (number[v] >= 0) {
                for (int e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
                    predStart[number[edgeTo[e]] + 1]++;
                }
            }
        }
        for (int i = 0; i < reached; i++) {
            predStart[i + 1] += predStart[i];
        }
        int[] preds = new int[predStart[reached]];
        int[] fill = Arrays.copyOf(predStart, reached);
        for (int v = 0; v < count; v++) {
            if (number[v] >= 0) {
                for (int e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
                    preds[fill[number[edgeTo[e]]]++] = number[v];
                }
            }
        }
        int[] semi = new int[reached];
        int[] best = new int[reached];
        int[] ancestor = new int[reached];
        int[] dom = new int[reached];
        int[] bucketHead = new int[reached];
        int[] bucketNext = new int[reached];
        for (int i = 0; i < reached; i++) {
            semi[i] = i;
            best[i] = i;
            ancestor[i] = -1;
            bucketHead[i] = -1;
        }
        for (int w = reached - 1; w >= 1; w--) {
            for (int e = predStart[w]; e < predStart[w + 1]; e++) {
                int u = eval(preds[e], ancestor, best, semi, stack);
                if (semi[u] < semi[w]) {
                    semi[w] = semi[u];
                }
            }
            bucketNext[w] = bucketHead[semi[w]];
            bucketHead[semi[w]] = w;
            int p = parent[w];
            ancestor[w] = p;
            for (int v = bucketHead[p]; v != -1; v = bucketNext[v]) {
                int u = eval(v, ancestor, best, semi, stack);
                dom[v] = semi[u] < semi[v] ? u : p;
            }
            bucketHead[p] = -1;
        }
        for (int w = 1; w < reached; w++) {
            if (dom[w] != semi[w]) {
                dom[w] = dom[dom[w]];
            }
        }
        idom = new int[count];
        Arrays.fill(idom, -1);
        retained = new long[count];
        for (int o : order) {
            retained[o] = size[o];
        }
        for (int w = reached - 1; w >= 1; w--) {
            idom[order[w]] = order[dom[w]];
            retained[order[dom[w]]] += retained[order[w]];
        }
        childStart = new int[count + 1];
        for (int o = 1; o < count; o++) {
            if (idom[o] >= 0) {
                childStart[idom[o] + 1]++;
            }
        }
        for (int i = 0; i < count; i++) {
            childStart[i + 1] += childStart[i];
        }
        children = new int[childStart[count]];
        int[] at = Arrays.copyOf(childStart, count);
        for (int o = 1; o < count; o++) {
            if (idom[o] >= 0) {
                children[at[idom[o]]++] = o;
            }
        }
        System.err.printf("%,d objects reached, %,d bytes%n", reached - 1, retained[0]);
    }

    private static int eval(int v, int[] ancestor, int[] best, int[] semi, int[] stack) {
        if (ancestor[v] == -1) {
            return v;
        }
        int top = 0;
        int x = v;
        while (ancestor[ancestor[x]] != -1) {
            stack[top++] = x;
            x = ancestor[x];
        }
        while (top > 0) {
            x = stack[--top];
            if (semi[best[ancestor[x]]] < semi[best[x]]) {
                best[x] = best[ancestor[x]];
            }
            ancestor[x] = ancestor[ancestor[x]];
        }
        return best[v];
    }

    // ---- the report

    private String className(int o) {
        int type = objectClass[o];
        if (type <= -100) {
            return PRIMITIVE_ARRAYS[-100 - type];
        }
        if (type < 0) {
            return "?";
        }
        return (kind[o] == CLASS ? "class " : "") + classes.get(type).name();
    }

    private String describe(int o) {
        String name = className(o);
        if (name.equals("java.lang.String")) {
            int value = field(o, "value");
            if (value > 0 && kind[value] == PRIMITIVE_ARRAY) {
                dump.position(position[value] + idSize + 4);
                byte[] text = new byte[Math.min(dump.getInt(), 40)];
                dump.get();
                dump.get(text);
                return name + " \"" + new String(text, StandardCharsets.ISO_8859_1) + "\"";
            }
        }
        return name;
    }

    private int field(int o, String name) {
        Integer wanted = labelIndex.get(name);
        for (int e = edgeStart[o]; e < edgeStart[o + 1]; e++) {
            if (wanted != null && edgeLabel[e] == wanted) {
                return edgeTo[e];
            }
        }
        return -1;
    }

    private String via(int from, int to) {
        for (int e = edgeStart[from]; e < edgeStart[from + 1]; e++) {
            if (edgeTo[e] == to) {
                return "." + (edgeLabel[e] >= 0 ? labels.get(edgeLabel[e]) : "[" + (-edgeLabel[e] - 1) + "]") + " -> ";
            }
        }
        return "";
    }

    private static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("[")
                || name.endsWith("[]");
    }

    private void report(long min, String[] classNames) {
        System.out.printf("== dominator tree (objects retaining >= %,d bytes)%n", min);
        tree(0, 0, min, "");

        Map<String, long[]> topLevel = new HashMap<>();
        for (int k = childStart[0]; k < childStart[1]; k++) {
            add(topLevel, className(children[k]), retained[children[k]]);
        }
        print("top-level dominators (held by a root or by several owners), by class", topLevel, 45);

        for (String wanted : classNames) {
            Map<String, long[]> owners = new HashMap<>();
            for (int o : order) {
                if (o == 0 || !className(o).equals(wanted)) {
                    continue;
                }
                String owner = "<held by JDK objects only, or by several owners>";
                for (int a = idom[o]; a > 0; a = idom[a]) {
                    if (kind[a] == CLASS || !isJdk(className(a))) {
                        owner = className(a);
                        break;
                    }
                }
                add(owners, owner, size[o]);
            }
            print(wanted + " by nearest owning class (statics) or non-JDK object", owners, 25);
        }

        Map<String, long[]> unreached = new HashMap<>();
        Map<String, long[]> declaring = new HashMap<>();
        boolean[] reached = new boolean[count];
        for (int o : order) {
            reached[o] = true;
        }
        for (int o = 1; o < count; o++) {
            if (reached[o]) {
                continue;
            }
            String name = className(o);
            add(unreached, name, size[o]);
            if (name.startsWith("java.lang.reflect.")) {
                int declaringClass = field(o, "clazz");
                String[] parts = (declaringClass > 0 ? className(declaringClass).substring(6) : "?").split("\\.");
                add(declaring, parts.length > 3 ? String.join(".", Arrays.copyOf(parts, 3)) : String.join(".", parts), size[o]);
            }
        }
        print("not reached through the dump's references (held by Class objects' own fields), by class", unreached, 15);
        print("... their reflection objects by declaring package", declaring, 15);
    }

    private void tree(int o, int depth, long min, String indent) {
        System.out.printf("%s%,11d  %s%s%n", indent, retained[o], depth == 0 ? "" : via(idom[o], o),
                o == 0 ? "<all reached>" : describe(o));
        List<Integer> big = new ArrayList<>();
        for (int k = childStart[o]; k < childStart[o + 1]; k++) {
            if (retained[children[k]] >= min) {
                big.add(children[k]);
            }
        }
        big.sort((a, b) -> Long.compare(retained[b], retained[a]));
        for (int child : big) {
            tree(child, depth + 1, min, indent + "  ");
        }
    }

    private static void add(Map<String, long[]> groups, String key, long bytes) {
        long[] group = groups.computeIfAbsent(key, k -> new long[2]);
        group[0]++;
        group[1] += bytes;
    }

    private static void print(String title, Map<String, long[]> groups, int limit) {
        long objects = groups.values().stream().mapToLong(g -> g[0]).sum();
        long bytes = groups.values().stream().mapToLong(g -> g[1]).sum();
        System.out.printf("%n== %s: %,d objects, %,d bytes%n", title, objects, bytes);
        groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(limit)
                .forEach(e -> System.out.printf("  %9d %,12d  %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));
    }

    // ---- primitive collections

    private static final class Longs {
        long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static final class Ints {
        int[] values = new int[1024];
        int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Object id to index, open addressing; id 0 (null) is never stored. */
    private static final class IdIndex {
        private long[] keys;
        private int[] values;
        private int used;

        IdIndex(int capacity) {
            keys = new long[capacity];
            values = new int[capacity];
        }

        void put(long key, int value) {
            if (used * 2 > keys.length) {
                grow();
            }
            int i = slot(key);
            while (keys[i] != 0 && keys[i] != key) {
                i = (i + 1) & (keys.length - 1);
            }
            if (keys[i] == 0) {
                used++;
            }
            keys[i] = key;
            values[i] = value;
        }

        int get(long key) {
            if (key == 0) {
                return -1;
            }
            for (int i = slot(key); keys[i] != 0; i = (i + 1) & (keys.length - 1)) {
                if (keys[i] == key) {
                    return values[i];
                }
            }
            return -1;
        }

        private int slot(long key) {
            return Long.hashCode(key * 0x9E3779B97F4A7C15L) & (keys.length - 1);
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            used = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }
    }
}
