package dev.capstan.crd;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedTypeVariable;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Generic-type resolution over {@link AnnotatedType}s for {@link SchemaMapper}: type
 * variables bound to the annotated type arguments of their use site, wildcards to their
 * bounds, and the type arguments with which a class implements {@code Collection},
 * {@code Map} or {@code Optional}. Plain {@link Type}s would lose the type-use annotations of
 * {@code dev.capstan.crd.schema}, which is why none of {@code java.lang.reflect}'s resolution
 * helpers are used. Stateless.
 */
final class GenericTypes {
    /** Bound on every walk (variable hops, supertype hops, nesting), against pathological generics. */
    static final int MAX_DEPTH = 64;

    /** {@code Object} without annotations, for raw types and unbounded variables. */
    static final AnnotatedType OBJECT = new PlainType(Object.class);

    /** An annotated type and the type-variable bindings of the class it was written in. */
    record Bound(AnnotatedType type, Map<TypeVariable<?>, Bound> bindings) {}

    /**
     * A type with variables and wildcards followed to a concrete type: its erasure, its
     * bindings, and every annotated type met on the way (use site first), where its
     * annotations are looked up.
     */
    record Resolved(AnnotatedType type, Class<?> raw, Map<TypeVariable<?>, Bound> bindings,
            List<AnnotatedType> sources) {}

    private GenericTypes() {}

    /** Follows type variables and wildcards to a concrete type, collecting annotated types on the way. */
    static Resolved resolve(Bound bound, List<AnnotatedType> inherited) {
        List<AnnotatedType> sources = new ArrayList<>(inherited);
        AnnotatedType type = bound.type();
        Map<TypeVariable<?>, Bound> bindings = bound.bindings();
        for (int hops = 0; hops < MAX_DEPTH; hops++) {
            sources.add(type);
            if (type instanceof AnnotatedTypeVariable variable) {
                Bound binding = bindings.get((TypeVariable<?>) variable.getType());
                if (binding != null) {
                    type = binding.type();
                    bindings = binding.bindings();
                } else {
                    AnnotatedType[] upper = variable.getAnnotatedBounds();
                    type = upper.length == 0 ? OBJECT : upper[0];
                }
            } else if (type instanceof AnnotatedWildcardType wildcard) {
                AnnotatedType[] upper = wildcard.getAnnotatedUpperBounds();
                type = wildcard.getAnnotatedLowerBounds().length > 0 || upper.length == 0 ? OBJECT : upper[0];
            } else {
                break;
            }
        }
        return new Resolved(type, erasure(type.getType()), bindings, sources);
    }

    /**
     * The type argument at {@code index} with which {@code r} implements {@code target}
     * ({@code Collection}, {@code Map}, {@code Optional}), following supertypes; {@code Object}
     * for raw use.
     */
    static Bound typeArgument(Resolved r, Class<?> target, int index) {
        return typeArgument(r.type(), r.bindings(), target, index, 0);
    }

    private static Bound typeArgument(AnnotatedType type, Map<TypeVariable<?>, Bound> bindings, Class<?> target, int index,
            int hops) {
        Class<?> raw = erasure(type.getType());
        Map<TypeVariable<?>, Bound> own = bindingsOf(raw, type, bindings);
        if (raw == target) {
            Bound argument = own.get(target.getTypeParameters()[index]);
            return argument != null ? argument : new Bound(OBJECT, Map.of());
        }
        List<AnnotatedType> supertypes = new ArrayList<>(List.of(raw.getAnnotatedInterfaces()));
        if (raw.getAnnotatedSuperclass() != null) {
            supertypes.add(raw.getAnnotatedSuperclass());
        }
        for (AnnotatedType supertype : supertypes) {
            if (hops < MAX_DEPTH && target.isAssignableFrom(erasure(supertype.getType()))) {
                return typeArgument(supertype, own, target, index, hops + 1);
            }
        }
        return new Bound(OBJECT, Map.of());
    }

    /** The bindings of {@code raw}'s type parameters at a use site, resolved in {@code outer}. */
    static Map<TypeVariable<?>, Bound> bindingsOf(Class<?> raw, AnnotatedType use, Map<TypeVariable<?>, Bound> outer) {
        TypeVariable<?>[] parameters = raw.getTypeParameters();
        if (parameters.length == 0 || !(use instanceof AnnotatedParameterizedType parameterized)) {
            return Map.of();
        }
        AnnotatedType[] arguments = parameterized.getAnnotatedActualTypeArguments();
        Map<TypeVariable<?>, Bound> bindings = new HashMap<>();
        for (int i = 0; i < parameters.length && i < arguments.length; i++) {
            bindings.put(parameters[i], new Bound(arguments[i], outer));
        }
        return bindings;
    }

    /** The fully substituted name of a type, to recognise the same object type on a path. */
    static String canonical(AnnotatedType type, Map<TypeVariable<?>, Bound> bindings, int hops) {
        if (hops > MAX_DEPTH) {
            return "…";
        }
        if (type instanceof AnnotatedTypeVariable variable) {
            Bound binding = bindings.get((TypeVariable<?>) variable.getType());
            return binding == null ? "?" : canonical(binding.type(), binding.bindings(), hops + 1);
        }
        if (type instanceof AnnotatedWildcardType wildcard) {
            AnnotatedType[] upper = wildcard.getAnnotatedUpperBounds();
            return upper.length == 0 ? "?" : canonical(upper[0], bindings, hops + 1);
        }
        if (type instanceof AnnotatedArrayType array) {
            return canonical(array.getAnnotatedGenericComponentType(), bindings, hops + 1) + "[]";
        }
        String name = erasure(type.getType()).getName();
        if (type instanceof AnnotatedParameterizedType parameterized) {
            return name + List.of(parameterized.getAnnotatedActualTypeArguments()).stream()
                    .map(argument -> canonical(argument, bindings, hops + 1))
                    .collect(Collectors.joining(",", "<", ">"));
        }
        return name;
    }

    /** The class a type erases to. */
    static Class<?> erasure(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            return Array.newInstance(erasure(array.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof TypeVariable<?> variable) {
            return variable.getBounds().length == 0 ? Object.class : erasure(variable.getBounds()[0]);
        }
        if (type instanceof WildcardType wildcard) {
            return wildcard.getUpperBounds().length == 0 ? Object.class : erasure(wildcard.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** An annotated type without annotations, for {@code Object} where a type is implied. */
    private static final class PlainType implements AnnotatedType {
        private final Type type;

        PlainType(Type type) {
            this.type = type;
        }

        @Override
        public Type getType() {
            return type;
        }

        @Override
        public <T extends Annotation> @Nullable T getAnnotation(Class<T> annotationClass) {
            return null;
        }

        @Override
        public Annotation[] getAnnotations() {
            return new Annotation[0];
        }

        @Override
        public Annotation[] getDeclaredAnnotations() {
            return new Annotation[0];
        }
    }
}
