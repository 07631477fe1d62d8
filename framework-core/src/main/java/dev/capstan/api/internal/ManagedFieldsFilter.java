package dev.capstan.api.internal;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads {@code metadata.managedFields} normally, or skips it without building anything when
 * the decode was asked to strip it ({@link #ATTRIBUTE} set to {@code true}, as
 * {@code KubernetesJson.DecodeOptions.forCache()} does). Server-side apply bookkeeping is often
 * the largest part of an object and caches rarely read it.
 */
public final class ManagedFieldsFilter extends ValueDeserializer<Object> {
    /** The decode attribute that turns stripping on. */
    public static final String ATTRIBUTE = "capstan.stripManagedFields";

    private final JavaType type;

    public ManagedFieldsFilter() {
        this(null);
    }

    private ManagedFieldsFilter(JavaType type) {
        this.type = type;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        return new ManagedFieldsFilter(property != null ? property.getType() : ctxt.getContextualType());
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
        if (Boolean.TRUE.equals(ctxt.getAttribute(ATTRIBUTE))) {
            p.skipChildren();
            return null;
        }
        return ctxt.readValue(p, type);
    }
}
