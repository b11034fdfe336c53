package dev.sluice.jms.jndi;

import dev.sluice.db.JdbcUrls;
import javax.naming.StringRefAddr;

/**
 * The address of a JNDI {@link javax.naming.Reference} that holds a JDBC URL: its content is the URL itself, for
 * {@link SluiceObjectFactory}, but its string form (which {@code Reference.toString()} prints) masks the URL's
 * password. Immutable.
 */
public final class JdbcUrlRefAddr extends StringRefAddr {

    private static final long serialVersionUID = 1L;

    public JdbcUrlRefAddr(String type, String url) {
        super(type, url);
    }

    @Override
    public String toString() {
        return "Type: " + getType() + "\nContent: " + JdbcUrls.redact((String) getContent()) + "\n";
    }
}
