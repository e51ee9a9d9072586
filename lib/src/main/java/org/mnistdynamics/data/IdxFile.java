package org.mnistdynamics.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Reader and validator for the IDX format of MNIST-style datasets.
 *
 * <p>Format (LeCun et al., <a href="http://yann.lecun.com/exdb/mnist/">MNIST page</a>): big-endian int32 magic
 * number ({@value #IMAGES_MAGIC} for unsigned-byte 3-D image tensors, {@value #LABELS_MAGIC} for 1-D label
 * vectors), then one int32 per dimension, then the unsigned bytes. A file may be stored plain or gzip-compressed;
 * compression is detected from the content, not the name.
 *
 * <p>Every check is made before any byte is handed out: registered size and MD5 of the uncompressed content,
 * the magic number for the file's role, the declared dimensions against the actual length, and label values.
 */
public final class IdxFile {

    /** IDX magic number of an unsigned-byte 3-D tensor (images). */
    public static final int IMAGES_MAGIC = 2051;
    /** IDX magic number of an unsigned-byte 1-D tensor (labels). */
    public static final int LABELS_MAGIC = 2049;

    private IdxFile() {
    }

    /** Decoded images: {@code pixels} holds {@code count * rows * cols} unsigned bytes, row-major per image. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /**
     * Reads the uncompressed bytes of a file and checks them against its registry entry.
     *
     * @param path     the file (plain or gzip)
     * @param expected its registry entry
     * @return the verified uncompressed bytes
     * @throws InvalidDatasetFileException if missing, unreadable, of the wrong size or checksum
     */
    public static byte[] readVerified(Path path, DatasetFile expected) throws InvalidDatasetFileException {
        byte[] bytes = readUncompressed(path);
        if (bytes.length != expected.sizeBytes()) {
            throw new InvalidDatasetFileException(path, "uncompressed size is " + bytes.length + " bytes, expected "
                    + expected.sizeBytes() + " for " + expected.fileName() + " (truncated download or a different file?)");
        }
        String md5 = md5Hex(bytes);
        if (!md5.equals(expected.md5())) {
            throw new InvalidDatasetFileException(path, "MD5 of the uncompressed content is " + md5 + ", expected "
                    + expected.md5() + " for " + expected.fileName() + " (corrupt file, or a file of another dataset?)");
        }
        return bytes;
    }

    /**
     * Parses an IDX image file. Checks the magic number and that the declared dimensions match the length.
     *
     * @param path  file name used in error messages
     * @param bytes uncompressed IDX bytes
     * @return images with {@code pixels.length == count * rows * cols}
     * @throws InvalidDatasetFileException on a wrong magic number or a length that contradicts the header
     */
    public static Images parseImages(Path path, byte[] bytes) throws InvalidDatasetFileException {
        ByteBuffer header = header(path, bytes, 16);
        int magic = header.getInt();
        if (magic != IMAGES_MAGIC) {
            throw new InvalidDatasetFileException(path, "magic number " + magic + ", expected " + IMAGES_MAGIC
                    + " (IDX images)" + (magic == LABELS_MAGIC ? "; this is a label file" : ""));
        }
        int count = header.getInt();
        int rows = header.getInt();
        int cols = header.getInt();
        long expectedLength = 16L + (long) count * rows * cols;
        if (count < 0 || rows <= 0 || cols <= 0 || expectedLength != bytes.length) {
            throw new InvalidDatasetFileException(path, "header declares " + count + " images of " + rows + "x" + cols
                    + " = " + expectedLength + " bytes, but the file has " + bytes.length + " bytes");
        }
        byte[] pixels = new byte[bytes.length - 16];
        System.arraycopy(bytes, 16, pixels, 0, pixels.length);
        return new Images(count, rows, cols, pixels);
    }

    /**
     * Parses an IDX label file. Checks the magic number, the length and that each label is in [0, numClasses).
     *
     * @param path       file name used in error messages
     * @param bytes      uncompressed IDX bytes
     * @param numClasses number of classes (10)
     * @return labels, one per image
     * @throws InvalidDatasetFileException on a wrong magic number, length or label value
     */
    public static int[] parseLabels(Path path, byte[] bytes, int numClasses) throws InvalidDatasetFileException {
        ByteBuffer header = header(path, bytes, 8);
        int magic = header.getInt();
        if (magic != LABELS_MAGIC) {
            throw new InvalidDatasetFileException(path, "magic number " + magic + ", expected " + LABELS_MAGIC
                    + " (IDX labels)" + (magic == IMAGES_MAGIC ? "; this is an image file" : ""));
        }
        int count = header.getInt();
        if (count < 0 || 8L + count != bytes.length) {
            throw new InvalidDatasetFileException(path, "header declares " + count + " labels = " + (8L + count)
                    + " bytes, but the file has " + bytes.length + " bytes");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = bytes[8 + i] & 0xFF;
            if (labels[i] >= numClasses) {
                throw new InvalidDatasetFileException(path, "label " + labels[i] + " at index " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        return labels;
    }

    /**
     * @param path plain or gzip file
     * @return its uncompressed content
     * @throws InvalidDatasetFileException if missing, unreadable or a broken gzip stream
     */
    public static byte[] readUncompressed(Path path) throws InvalidDatasetFileException {
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = raw.markSupported() ? raw : new java.io.BufferedInputStream(raw);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream body = gzip ? new GZIPInputStream(in, 1 << 16) : in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                body.transferTo(out);
                return out.toByteArray();
            }
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetFileException(path, "file does not exist");
        } catch (IOException e) {
            throw new InvalidDatasetFileException(path, "cannot be read: " + e);
        }
    }

    /** @return lower-case hex MD5 of {@code bytes} */
    public static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    private static ByteBuffer header(Path path, byte[] bytes, int headerLength) throws InvalidDatasetFileException {
        if (bytes.length < headerLength) {
            throw new InvalidDatasetFileException(path, "only " + bytes.length + " bytes, shorter than the "
                    + headerLength + "-byte IDX header");
        }
        return ByteBuffer.wrap(bytes, 0, headerLength); // big-endian by default, as IDX requires
    }
}
