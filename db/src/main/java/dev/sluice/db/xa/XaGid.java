package dev.sluice.db.xa;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.transaction.xa.Xid;

/**
 * How an XA branch is named in PostgreSQL ({@code PREPARE TRANSACTION 'gid'}): {@code sluice:<formatId>:<gtrid>:<bqual>}
 * with both byte strings in base64. The prefix lets {@code recover()} and {@code sluice transactions} tell Sluice's
 * prepared transactions from other applications' in the same database; base64 keeps the longest Xid (64 + 64
 * bytes) within PostgreSQL's 200-byte limit and needs no quoting in the statement.
 */
record XaGid(int formatId, byte[] globalTransactionId, byte[] branchQualifier) implements Xid {

    static final String PREFIX = "sluice:";

    static XaGid of(Xid xid) {
        return new XaGid(xid.getFormatId(), xid.getGlobalTransactionId().clone(), xid.getBranchQualifier().clone());
    }

    /** The gid of a prepared transaction, if it is one of Sluice's. */
    static Optional<XaGid> parse(String gid) {
        if (gid == null || !gid.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = gid.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = Base64.getDecoder();
            return Optional.of(new XaGid(Integer.parseInt(parts[0]), decoder.decode(parts[1]),
                    decoder.decode(parts[2])));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** The transaction's name in PostgreSQL; safe to put between single quotes as it is. */
    String gid() {
        Base64.Encoder encoder = Base64.getEncoder();
        return PREFIX + formatId + ":" + encoder.encodeToString(globalTransactionId) + ":"
                + encoder.encodeToString(branchQualifier);
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return globalTransactionId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return branchQualifier.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof XaGid that && formatId == that.formatId
                && Arrays.equals(globalTransactionId, that.globalTransactionId)
                && Arrays.equals(branchQualifier, that.branchQualifier);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
    }

    /** For operators: the format id and both parts, printable when they are ASCII (as Narayana's are not). */
    @Override
    public String toString() {
        return "Xid[formatId=" + formatId + ", gtrid=" + printable(globalTransactionId) + ", bqual="
                + printable(branchQualifier) + "]";
    }

    private static String printable(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                StringBuilder hex = new StringBuilder("0x");
                for (byte each : bytes) {
                    hex.append(String.format("%02x", each));
                }
                return hex.toString();
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
