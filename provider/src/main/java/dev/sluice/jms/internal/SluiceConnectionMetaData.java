package dev.sluice.jms.internal;

import jakarta.jms.ConnectionMetaData;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** What Sluice tells applications about itself (JMS 3.1 section 6.1.6). Immutable. */
final class SluiceConnectionMetaData implements ConnectionMetaData {

    static final SluiceConnectionMetaData INSTANCE = new SluiceConnectionMetaData();
    static final String PROVIDER_VERSION = "0.1.0";

    /** The JMSX properties Sluice sets or honours. */
    static final List<String> JMSX_PROPERTIES = List.of("JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq");

    private SluiceConnectionMetaData() {
    }

    @Override
    public String getJMSVersion() {
        return "3.1";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 1;
    }

    @Override
    public String getJMSProviderName() {
        return "Sluice";
    }

    @Override
    public String getProviderVersion() {
        return PROVIDER_VERSION;
    }

    @Override
    public int getProviderMajorVersion() {
        return 0;
    }

    @Override
    public int getProviderMinorVersion() {
        return 1;
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(JMSX_PROPERTIES);
    }
}
