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

    /** The deserializer of the property's declared type, resolved once per property. */
    private final ValueDeserializer<Object> delegate;

    public ManagedFieldsFilter() {
        this(null);
    }

    private ManagedFieldsFilter(ValueDeserializer<Object> delegate) {
        this.delegate = delegate;
    }

    @Override
    public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        JavaType type = property != null ? property.getType() : ctxt.getContextualType();
        return new ManagedFieldsFilter(ctxt.findContextualValueDeserializer(type, property));
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) {
        if (Boolean.TRUE.equals(ctxt.getAttribute(ATTRIBUTE))) {
            p.skipChildren();
            return null;
        }
        return delegate.deserialize(p, ctxt);
    }
}
