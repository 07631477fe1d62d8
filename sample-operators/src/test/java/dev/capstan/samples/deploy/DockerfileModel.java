package dev.capstan.samples.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit reads the parts this repository uses: instructions with
 * {@code \} continuations and comments, stages ({@code FROM … AS name}), {@code ARG}s with
 * defaults, {@code COPY [--from=…] [--chown=…] src… dest}, and exec-form
 * {@code ENTRYPOINT}/{@code RUN}. Not a general Dockerfile parser: it refuses what it does not
 * understand, so a change to the Dockerfile cannot slip past the tests unread.
 */
final class DockerfileModel {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** One instruction: its keyword (upper case), its flags ({@code --from=build}) and its arguments. */
    record Instruction(int line, String keyword, Map<String, String> flags, String arguments) {
        /** The arguments split on white space (shell form) or as a JSON array (exec form). */
        List<String> words() {
            String text = arguments.strip();
            if (text.startsWith("[")) {
                return execForm(text, line);
            }
            return List.of(text.split("\\s+"));
        }
    }

    /** A build stage: its base image, its name (or its index) and its instructions. */
    record Stage(int index, String base, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    /** A COPY: where from ({@code null}: the build context), the sources and the destination. */
    record Copy(Stage stage, Instruction instruction, String from, List<String> sources, String destination) {}

    final Path file;
    /** ARGs before the first FROM, with their defaults (null when none). */
    final Map<String, String> globalArgs = new LinkedHashMap<>();
    final List<Stage> stages = new ArrayList<>();

    private DockerfileModel(Path file) {
        this.file = file;
    }

    static DockerfileModel read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DockerfileModel model = new DockerfileModel(file);
        List<Instruction> current = null;
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (pending == null && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue; // comments (and the syntax directive) and blank lines
            }
            if (pending != null && trimmed.startsWith("#")) {
                continue; // comments inside a continued instruction
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            Instruction instruction = parse(start, pending.toString());
            pending = null;
            if (instruction.keyword().equals("FROM")) {
                List<String> words = instruction.words();
                String name = words.size() == 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                if (words.size() != 1 && name == null) {
                    throw model.error(instruction, "FROM takes an image and optionally 'AS name'");
                }
                current = new ArrayList<>();
                model.stages.add(new Stage(model.stages.size(), words.get(0), name, current));
            } else if (current == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw model.error(instruction, "only ARG may come before the first FROM");
                }
                String[] arg = instruction.arguments().strip().split("=", 2);
                model.globalArgs.put(arg[0], arg.length == 2 ? arg[1] : null);
            } else {
                current.add(instruction);
            }
        }
        if (pending != null) {
            throw new IllegalStateException(file + ":" + start + ": the last instruction ends with a line continuation");
        }
        return model;
    }

    private static Instruction parse(int line, String text) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1).strip();
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            int end = rest.indexOf(' ');
            String flag = end < 0 ? rest : rest.substring(0, end);
            String[] kv = flag.substring(2).split("=", 2);
            flags.put(kv[0], kv.length == 2 ? kv[1] : "");
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
        }
        return new Instruction(line, keyword, flags, rest);
    }

    /** The final stage: what the image is. */
    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The stage a {@code --from} value names (by name or index). */
    Optional<Stage> stage(String nameOrIndex) {
        for (Stage stage : stages) {
            if (nameOrIndex.equals(stage.name()) || nameOrIndex.equals(Integer.toString(stage.index()))) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    /** Every COPY of every stage, in order. */
    List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        for (Stage stage : stages) {
            for (Instruction instruction : stage.all("COPY")) {
                for (String flag : instruction.flags().keySet()) {
                    if (!List.of("from", "chown", "chmod", "link").contains(flag)) {
                        throw error(instruction, "COPY --" + flag + " is not understood by this test's parser");
                    }
                }
                List<String> words = instruction.words();
                if (words.size() < 2) {
                    throw error(instruction, "COPY needs a source and a destination");
                }
                copies.add(new Copy(stage, instruction, instruction.flags().get("from"), words.subList(0, words.size() - 1),
                        words.get(words.size() - 1)));
            }
        }
        return copies;
    }

    /** {@code text} with {@code ${NAME}} / {@code $NAME} replaced from {@code values}; unknown names fail. */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("'" + text + "' uses $" + name + ", which has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    IllegalStateException error(Instruction instruction, String message) {
        return new IllegalStateException(file + ":" + instruction.line() + ": " + message);
    }

    /** A JSON array of strings, as exec-form instructions write them (no escapes beyond \" and \\). */
    static List<String> execForm(String text, int line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|])").matcher(text);
        int expected = 1;
        while (m.find()) {
            if (m.start() != expected && !text.substring(expected, m.start()).isBlank()) {
                throw new IllegalStateException("line " + line + ": cannot read the exec form " + text);
            }
            words.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
            expected = m.end();
        }
        if (words.isEmpty() || expected != text.length()) {
            throw new IllegalStateException("line " + line + ": cannot read the exec form " + text);
        }
        return words;
    }
}
