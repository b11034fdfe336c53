package dev.sluice.jms;

import java.nio.charset.StandardCharsets;
import javax.transaction.xa.Xid;

/** An Xid made by hand, as a transaction manager would: format 4660, the given global id and branch. */
record TestXid(String global, String branch) implements Xid {

    static final int FORMAT = 4660;

    @Override
    public int getFormatId() {
        return FORMAT;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return global.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] getBranchQualifier() {
        return branch.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code xid} (say, one recover() returned) names the same branch. */
    boolean sameAs(Xid xid) {
        return xid.getFormatId() == FORMAT
                && java.util.Arrays.equals(xid.getGlobalTransactionId(), getGlobalTransactionId())
                && java.util.Arrays.equals(xid.getBranchQualifier(), getBranchQualifier());
    }
}
