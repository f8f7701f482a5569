package io.codingit;

import com.tngtech.archunit.core.domain.JavaClass;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every text constant of a compiled class (the UTF-8 entries of its constant pool): string literals,
 * annotation values such as {@code @Value("${…}")}, and the pieces of concatenated strings. ArchUnit
 * sees types and members, not literals; the settings rule needs the literals.
 */
final class ClassFileStrings {
    private ClassFileStrings() {
    }

    static List<String> of(JavaClass javaClass) {
        var source = javaClass.getSource().orElseThrow(() -> new IllegalStateException("no class file for " + javaClass));
        try (InputStream raw = source.getUri().toURL().openStream();
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.getUri(), e);
        }
    }

    private static List<String> read(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        List<String> texts = new ArrayList<>();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> texts.add(in.readUTF());                  // Utf8
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {                                        // Long, Double take two slots
                    in.skipNBytes(8);
                    index++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);          // Class, String, MethodType, Module, Package
                case 15 -> in.skipNBytes(3);                          // MethodHandle
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return texts;
    }
}
