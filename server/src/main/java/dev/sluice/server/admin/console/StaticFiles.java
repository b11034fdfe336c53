package dev.sluice.server.admin.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's static files, from the class path: its own script and style sheet, and the chart library uPlot
 * (MIT licence) from its WebJar, whose version is read from the WebJar's own {@code pom.properties}, so the
 * dependency's version is named in the build only. Thread-safe.
 */
final class StaticFiles {

    static final String PREFIX = "/console/";
    private static final String UPLOT_VERSION = webJarVersion("org.webjars.npm", "uplot");
    static final String UPLOT_JS = PREFIX + "uplot/" + UPLOT_VERSION + "/uPlot.iife.min.js";
    static final String UPLOT_CSS = PREFIX + "uplot/" + UPLOT_VERSION + "/uPlot.min.css";

    /** A file to serve: its bytes and content type. */
    record StaticFile(byte[] bytes, String contentType) {
    }

    private static final Map<String, String> RESOURCES = Map.of(
            PREFIX + "console.js", "dev/sluice/server/admin/console/console.js",
            PREFIX + "console.css", "dev/sluice/server/admin/console/console.css",
            UPLOT_JS, "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.iife.min.js",
            UPLOT_CSS, "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.min.css");

    private StaticFiles() {
    }

    private static final Map<String, StaticFile> LOADED = new ConcurrentHashMap<>();

    /** The file served at {@code path}, or null when there is none; each is read once. */
    static StaticFile at(String path) {
        String resource = RESOURCES.get(path);
        return resource == null ? null : LOADED.computeIfAbsent(resource, StaticFiles::load);
    }

    private static StaticFile load(String resource) {
        try (InputStream stream = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (stream == null) {
                throw new IllegalStateException("The console's file " + resource + " is missing from the class path");
            }
            String type = resource.endsWith(".js") ? "text/javascript" : "text/css";
            return new StaticFile(stream.readAllBytes(), type + "; charset=utf-8");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the console's file " + resource, e);
        }
    }

    private static String webJarVersion(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream stream = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (stream == null) {
                throw new IllegalStateException("The WebJar " + groupId + ":" + artifactId
                        + " is missing from the class path (no " + resource + ")");
            }
            Properties properties = new Properties();
            properties.load(stream);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}
