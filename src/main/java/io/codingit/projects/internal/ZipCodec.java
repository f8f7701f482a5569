package io.codingit.projects.internal;

import io.codingit.files.WorkspacePath;
import io.codingit.projects.ProjectException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zips of a project. Writing is deterministic (entries sorted by name, one fixed time stamp, no extra
 * fields), so the same contents always give the same bytes. Reading trusts nothing the archive says about
 * itself: the bytes read, the bytes unpacked and the number of entries are counted as they come and the
 * read stops at the first limit (a zip bomb costs at most the limits), and every entry name must be a plain
 * relative path (no {@code ..}, no absolute or drive path, no backslash, no control character: no zip-slip).
 */
final class ZipCodec {
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private ZipCodec() {
    }

    record Limits(long maxBytes, long maxExpandedBytes, int maxEntries) {
    }

    static byte[] write(Map<String, byte[]> contents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new TreeMap<>(contents).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Every file of the archive by its name; directories are dropped. */
    static SortedMap<String, byte[]> read(InputStream body, Limits limits) {
        CountingInput counted = new CountingInput(body, limits.maxBytes());
        SortedMap<String, byte[]> files = new TreeMap<>();
        long expanded = 0;
        int entries = 0;
        byte[] buffer = new byte[16 * 1024];
        try (ZipInputStream zip = new ZipInputStream(counted)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++entries > limits.maxEntries()) {
                    throw ProjectException.tooLarge("import_too_large", "the archive has more than " + limits.maxEntries() + " entries");
                }
                String name = checkedName(entry.getName());
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    expanded += n;
                    if (expanded > limits.maxExpandedBytes()) {
                        throw ProjectException.tooLarge("import_too_large", "the archive unpacks to more than "
                                + limits.maxExpandedBytes() + " bytes");
                    }
                    content.write(buffer, 0, n);
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.put(name, content.toByteArray()) != null) {
                    throw ProjectException.invalid("invalid_archive", "the archive holds '" + name + "' twice");
                }
            }
        } catch (CountingInput.TooLarge e) {
            throw ProjectException.tooLarge("import_too_large", "the archive is larger than " + limits.maxBytes() + " bytes");
        } catch (ZipException e) {
            throw ProjectException.invalid("invalid_archive", "the body is not a readable zip archive");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries == 0) {
            throw ProjectException.invalid("invalid_archive", "the body is not a zip archive (no entries)");
        }
        return files;
    }

    /** The entry's name as a workspace-style relative path, or 400 naming it. */
    static String checkedName(String raw) {
        String shown = NameRules.titleFrom(raw, 120);
        if (raw.isEmpty() || raw.startsWith("/") || raw.contains("\\") || raw.matches("^[A-Za-z]:.*")) {
            throw ProjectException.invalid("invalid_archive_path", "the archive entry '" + shown
                    + "' is not a relative path inside the project");
        }
        String name = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        try {
            return WorkspacePath.of(name).value();
        } catch (RuntimeException e) {
            throw ProjectException.invalid("invalid_archive_path", "the archive entry '" + shown
                    + "' is not a relative path inside the project (" + e.getMessage() + ")");
        }
    }

    /** Counts what the zip reader pulls from the request and stops it past the limit. */
    private static final class CountingInput extends java.io.FilterInputStream {
        static final class TooLarge extends IOException {
        }

        private final long max;
        private long count;

        CountingInput(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws TooLarge {
            count += n;
            if (count > max) {
                throw new TooLarge();
            }
        }
    }
}
