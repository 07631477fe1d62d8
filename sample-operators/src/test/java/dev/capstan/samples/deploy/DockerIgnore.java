package dev.capstan.samples.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} with Docker's matching rules: patterns relative to the context root,
 * {@code *} and {@code ?} within one path segment, {@code **} across any number of them; a
 * pattern matching a directory excludes everything below it; {@code !} re-includes; the last
 * matching pattern decides.
 */
final class DockerIgnore {
    private record Rule(Pattern pattern, boolean exclude, String text) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    static DockerIgnore read(Path file) {
        List<Rule> rules = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                boolean exclude = !text.startsWith("!");
                String pattern = exclude ? text : text.substring(1).strip();
                while (pattern.startsWith("/")) {
                    pattern = pattern.substring(1);
                }
                while (pattern.endsWith("/")) {
                    pattern = pattern.substring(0, pattern.length() - 1);
                }
                rules.add(new Rule(Pattern.compile(regex(pattern)), exclude, text));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DockerIgnore(rules);
    }

    /** Whether {@code path} (relative to the context root, with {@code /}) is left out of the build context. */
    boolean excludes(String path) {
        String clean = path.replace('\\', '/');
        while (clean.startsWith("./")) {
            clean = clean.substring(2);
        }
        while (clean.endsWith("/")) {
            clean = clean.substring(0, clean.length() - 1);
        }
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItselfOrParent(rule.pattern(), clean)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    /** The rule that decides {@code path}, for messages. */
    String decidingRule(String path) {
        String decided = "(none)";
        for (Rule rule : rules) {
            if (matchesItselfOrParent(rule.pattern(), path)) {
                decided = rule.text();
            }
        }
        return decided;
    }

    private static boolean matchesItselfOrParent(Pattern pattern, String path) {
        if (pattern.matcher(path).matches()) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (pattern.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slashFollows = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                regex.append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
