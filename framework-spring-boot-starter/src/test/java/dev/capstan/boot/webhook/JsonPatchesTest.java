package dev.capstan.boot.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubernetesJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class JsonPatchesTest {
    private static JsonNode json(String text) {
        return KubernetesJson.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void equalDocumentsGiveNoOperations() {
        assertThat(JsonPatches.diff(json("{'a':1,'b':[1,2]}"), json("{'b':[1,2],'a':1}"))).isEmpty();
    }

    @Test
    void addedLabelIsOneAddWithTheKeyEscaped() {
        JsonNode before = json("{'metadata':{'labels':{'app':'web'}}}");
        JsonNode after = json("{'metadata':{'labels':{'app':'web','app.kubernetes.io/name':'web','a~b':'x'}}}");

        assertThat(JsonPatches.diff(before, after)).isEqualTo(json("["
                + "{'op':'add','path':'/metadata/labels/app.kubernetes.io~1name','value':'web'},"
                + "{'op':'add','path':'/metadata/labels/a~0b','value':'x'}]"));
    }

    @Test
    void firstLabelAddsTheWholeMap() {
        assertThat(JsonPatches.diff(json("{'metadata':{'name':'a'}}"), json("{'metadata':{'name':'a','labels':{'x':'y'}}}")))
                .isEqualTo(json("[{'op':'add','path':'/metadata/labels','value':{'x':'y'}}]"));
    }

    @Test
    void removedKeyIsRemoveAndChangedScalarIsReplace() {
        assertThat(JsonPatches.diff(json("{'spec':{'replicas':1,'paused':true}}"), json("{'spec':{'replicas':3}}")))
                .isEqualTo(json("[{'op':'remove','path':'/spec/paused'},{'op':'replace','path':'/spec/replicas','value':3}]"));
    }

    @Test
    void changeOfNodeTypeIsReplace() {
        assertThat(JsonPatches.diff(json("{'a':{'b':1}}"), json("{'a':[1]}")))
                .isEqualTo(json("[{'op':'replace','path':'/a','value':[1]}]"));
    }

    @Test
    void appendedContainerIsOneAddAtTheEnd() {
        JsonNode before = json("{'spec':{'containers':[{'name':'app','image':'a:1'}]}}");
        JsonNode after = json("{'spec':{'containers':[{'name':'app','image':'a:1'},{'name':'proxy','image':'p:2'}]}}");

        assertThat(JsonPatches.diff(before, after))
                .isEqualTo(json("[{'op':'add','path':'/spec/containers/1','value':{'name':'proxy','image':'p:2'}}]"));
    }

    @Test
    void shortenedArrayRemovesFromTheEndDownwards() {
        assertThat(JsonPatches.diff(json("{'a':[1,2,3,4]}"), json("{'a':[1,5]}"))).isEqualTo(json("["
                + "{'op':'replace','path':'/a/1','value':5},"
                + "{'op':'remove','path':'/a/3'},{'op':'remove','path':'/a/2'}]"));
    }

    @Test
    void changeInsideAnArrayElementPointsIntoIt() {
        assertThat(JsonPatches.diff(json("{'c':[{'env':[{'name':'A','value':'1'}]}]}"), json("{'c':[{'env':[{'name':'A','value':'2'}]}]}")))
                .isEqualTo(json("[{'op':'replace','path':'/c/0/env/0/value','value':'2'}]"));
    }

    @Test
    void applyingTheDiffYieldsTheTargetForRandomDocuments() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            JsonNode source = randomNode(random, 0);
            JsonNode target = mutate(random, source.deepCopy(), 0);
            ArrayNode patch = JsonPatches.diff(source, target);
            assertThat(apply(source, patch)).as("round %d: %s -> %s via %s", round, source, target, patch).isEqualTo(target);
        }
    }

    // --- a minimal RFC 6902 applier (add, remove, replace), strict about paths that must exist ---

    static JsonNode apply(JsonNode document, ArrayNode patch) {
        JsonNode result = document.deepCopy();
        for (JsonNode operation : patch) {
            String op = operation.get("op").stringValue();
            String path = operation.get("path").stringValue();
            JsonNode value = operation.get("value");
            if (path.isEmpty()) {
                result = value.deepCopy();
                continue;
            }
            List<String> tokens = new ArrayList<>();
            for (String token : path.substring(1).split("/", -1)) {
                tokens.add(token.replace("~1", "/").replace("~0", "~"));
            }
            JsonNode parent = result;
            for (String token : tokens.subList(0, tokens.size() - 1)) {
                parent = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
                if (parent == null) {
                    throw new AssertionError("path " + path + " does not exist");
                }
            }
            String last = tokens.get(tokens.size() - 1);
            if (parent instanceof ObjectNode object) {
                boolean exists = object.has(last);
                if (!op.equals("add") && !exists) {
                    throw new AssertionError(op + " of missing " + path);
                }
                if (op.equals("remove")) {
                    object.remove(last);
                } else {
                    object.set(last, value.deepCopy());
                }
            } else {
                ArrayNode array = (ArrayNode) parent;
                int index = Integer.parseInt(last);
                int limit = op.equals("add") ? array.size() : array.size() - 1;
                if (index < 0 || index > limit) {
                    throw new AssertionError(op + " at out-of-range " + path);
                }
                switch (op) {
                    case "add" -> array.insert(index, value.deepCopy());
                    case "remove" -> array.remove(index);
                    default -> array.set(index, value.deepCopy());
                }
            }
        }
        return result;
    }

    private static final String[] KEYS = {"a", "b", "c/d", "e~f", "g"};

    private static JsonNode randomNode(Random random, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        int kind = depth >= 3 ? random.nextInt(3) : random.nextInt(5);
        switch (kind) {
            case 0:
                return nodes.numberNode(random.nextInt(3));
            case 1:
                return nodes.stringNode(KEYS[random.nextInt(KEYS.length)]);
            case 2:
                return nodes.booleanNode(random.nextBoolean());
            case 3: {
                ObjectNode object = nodes.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(KEYS[random.nextInt(KEYS.length)], randomNode(random, depth + 1));
                }
                return object;
            }
            default: {
                ArrayNode array = nodes.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomNode(random, depth + 1));
                }
                return array;
            }
        }
    }

    private static JsonNode mutate(Random random, JsonNode node, int depth) {
        if (random.nextInt(6) == 0) {
            return randomNode(random, depth);
        }
        if (node instanceof ObjectNode object) {
            if (random.nextBoolean()) {
                object.set(KEYS[random.nextInt(KEYS.length)], randomNode(random, depth + 1));
            }
            if (!object.isEmpty() && random.nextBoolean()) {
                object.remove(object.propertyNames().iterator().next());
            }
            for (String key : new ArrayList<>(object.propertyNames())) {
                object.set(key, mutate(random, object.get(key), depth + 1));
            }
        } else if (node instanceof ArrayNode array) {
            if (random.nextBoolean()) {
                array.add(randomNode(random, depth + 1));
            }
            if (!array.isEmpty() && random.nextBoolean()) {
                array.remove(random.nextInt(array.size()));
            }
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mutate(random, array.get(i), depth + 1));
            }
        }
        return node;
    }
}
