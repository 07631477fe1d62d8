package dev.capstan.samples.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The parts of a pom.xml the deployment tests read: modules, dependencies, the final name and the Boot jars. */
final class MavenPom {
    final Path file;
    private final Element project;

    private MavenPom(Path file, Element project) {
        this.file = file;
        this.project = project;
    }

    static MavenPom read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(file.toFile());
            return new MavenPom(file, document.getDocumentElement());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    String artifactId() {
        return text(child(project, "artifactId"));
    }

    /** The modules of an aggregator pom. */
    List<String> modules() {
        List<String> modules = new ArrayList<>();
        for (Element module : children(child(project, "modules"), "module")) {
            modules.add(text(module));
        }
        return modules;
    }

    /** The artifactIds of this pom's dependencies with that groupId (any scope). */
    List<String> dependencies(String groupId) {
        List<String> ids = new ArrayList<>();
        for (Element dependency : children(child(project, "dependencies"), "dependency")) {
            if (groupId.equals(text(child(dependency, "groupId")))) {
                ids.add(text(child(dependency, "artifactId")));
            }
        }
        return ids;
    }

    /** build/finalName with ${project.artifactId} resolved; the Maven default when absent. */
    String finalName() {
        Element build = child(project, "build");
        String name = build == null ? null : text(child(build, "finalName"));
        if (name == null) {
            return artifactId() + "-" + text(child(child(project, "parent"), "version"));
        }
        return name.replace("${project.artifactId}", artifactId());
    }

    /** classifier → mainClass of every spring-boot-maven-plugin repackage execution. */
    Map<String, String> bootJars() {
        Map<String, String> jars = new LinkedHashMap<>();
        Element build = child(project, "build");
        for (Element plugin : children(child(build, "plugins"), "plugin")) {
            if (!"spring-boot-maven-plugin".equals(text(child(plugin, "artifactId")))) {
                continue;
            }
            for (Element execution : children(child(plugin, "executions"), "execution")) {
                boolean repackage = children(child(execution, "goals"), "goal").stream().anyMatch(g -> "repackage".equals(text(g)));
                Element configuration = child(execution, "configuration");
                if (repackage && configuration != null) {
                    jars.put(text(child(configuration, "classifier")), text(child(configuration, "mainClass")));
                }
            }
        }
        return jars;
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().strip();
    }
}
