package dev.capstan.api.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortedArrayMapTest {

    @Test
    void behavesLikeAMapSortedByKey() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("zeta", "z");
        source.put("alpha", "a");
        source.put("mid", null);
        Map<String, String> map = Immutables.map(source);

        assertThat(map.keySet()).containsExactly("alpha", "mid", "zeta");
        assertThat(map.get("alpha")).isEqualTo("a");
        assertThat(map.containsKey("mid")).isTrue();
        assertThat(map.get("mid")).isNull();
        assertThat(map.get("absent")).isNull();
        assertThat(map.get(42)).isNull();
        assertThat(map).isEqualTo(source);
        assertThat(map.hashCode()).isEqualTo(new HashMap<>(source).hashCode());
    }

    @Test
    void isImmutableAndDetachedFromItsSource() {
        Map<String, Integer> source = new HashMap<>(Map.of("a", 1));
        Map<String, Integer> map = Immutables.map(source);
        source.put("b", 2);
        assertThat(map).containsOnlyKeys("a");
        assertThatThrownBy(() -> map.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(5)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nestedCollectionsAreFrozenToo() {
        Map<String, List<String>> source = new HashMap<>();
        source.put("groups", new java.util.ArrayList<>(List.of("a")));
        Map<String, List<String>> map = Immutables.map(source);
        assertThatThrownBy(() -> map.get("groups").add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullStaysNullAndEmptyUnknownFieldsCostNothing() {
        assertThat(Immutables.map(null)).isNull();
        assertThat(Immutables.list(null)).isNull();
        assertThat(Immutables.unknownFields(new HashMap<>())).isNull();
        assertThat(Immutables.list(new java.util.ArrayList<>(java.util.Arrays.asList("a", null)))).containsExactly("a", null);
    }

    @Test
    void stringPoolSharesEqualShortStrings() {
        String a = StringPool.intern(new String("Running"));
        String b = StringPool.intern(new String("Running"));
        assertThat(b).isSameAs(a);
        String longValue = "x".repeat(200);
        assertThat(StringPool.intern(longValue)).isSameAs(longValue);
    }
}
