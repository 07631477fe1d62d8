package dev.capstan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about the running Capstan build. */
public final class Capstan {
    private static final String VERSION = loadVersion();

    private Capstan() {}

    /** This build's version, for example {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** The User-Agent Capstan's clients send: {@code capstan/<version>}. */
    public static String userAgent() {
        return "capstan/" + VERSION;
    }

    private static String loadVersion() {
        try (InputStream in = Capstan.class.getResourceAsStream("capstan.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/capstan/capstan.properties is missing from framework-core; the jar is incomplete");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
