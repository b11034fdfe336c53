package dev.sluice.coordination.internal;

import dev.sluice.coordination.InvalidPathException;
import java.nio.charset.StandardCharsets;

/**
 * Rules and arithmetic of node paths ({@code /a/b/c}). Stateless and thread-safe.
 */
public final class NodePath {

    /** Longest path in UTF-8 bytes: keeps index entries and notification payloads within PostgreSQL's limits. */
    public static final int MAX_BYTES = 1024;
    public static final String ROOT = "/";
    /** Digits of a sequential node's suffix (more when the counter outgrows them). */
    public static final int SEQUENCE_DIGITS = 10;

    private NodePath() {
    }

    /** Returns {@code path} if it is valid, else throws {@link InvalidPathException} saying why. */
    public static String validate(String path) {
        if (path == null) {
            throw new InvalidPathException("null", "a path is required");
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new InvalidPathException(path, "a path must start with '/'");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            throw new InvalidPathException(path, "a path must not end with '/'");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidPathException(path, "longer than " + MAX_BYTES + " bytes in UTF-8");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0xfffe || c == 0xffff) {
                throw new InvalidPathException(path, "control character U+" + String.format("%04X", (int) c)
                        + " at index " + i);
            }
        }
        if (path.length() > 1) {
            String[] segments = path.substring(1).split("/", -1);
            for (String segment : segments) {
                if (segment.isEmpty()) {
                    throw new InvalidPathException(path, "empty segment ('//')");
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw new InvalidPathException(path, "relative segment '" + segment + "'");
                }
            }
        }
        return path;
    }

    /**
     * Validates the path a sequential create will produce: the prefix with a sequence suffix appended. The prefix
     * may end with '/' (the children are then named by their number alone).
     */
    public static String validateSequentialPrefix(String prefix) {
        if (prefix == null) {
            throw new InvalidPathException("null", "a path is required");
        }
        validate(prefix + "0".repeat(SEQUENCE_DIGITS));
        return prefix;
    }

    /** The parent of a valid non-root path ({@code /a} for {@code /a/b}, {@code /} for {@code /a}). */
    public static String parent(String path) {
        if (ROOT.equals(path)) {
            throw new InvalidPathException(path, "the root has no parent");
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    /** The last segment of a valid non-root path. */
    public static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The path of child {@code name} of {@code parent}. */
    public static String child(String parent, String name) {
        return ROOT.equals(parent) ? "/" + name : parent + "/" + name;
    }

    /** Whether {@code path} is {@code ancestor} or lies below it. */
    public static boolean isAtOrBelow(String path, String ancestor) {
        if (ROOT.equals(ancestor)) {
            return true;
        }
        return path.equals(ancestor) || (path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/');
    }

    /** The numeric suffix of a sequential node's name, or -1 when the name has none. */
    public static long sequenceOf(String name) {
        int end = name.length();
        int start = end;
        while (start > 0 && Character.isDigit(name.charAt(start - 1)) && name.charAt(start - 1) < 128) {
            start--;
        }
        if (end - start < SEQUENCE_DIGITS) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(start));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
