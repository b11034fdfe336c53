package dev.sluice.server;

import picocli.CommandLine;

/** The version {@code sluice --version} prints: the jar manifest's, or "development" when run from classes. */
public final class SluiceVersion implements CommandLine.IVersionProvider {

    /** This build's version. */
    public static String current() {
        String version = SluiceVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sluice " + current() + " (Java " + System.getProperty("java.version") + ")"};
    }
}
