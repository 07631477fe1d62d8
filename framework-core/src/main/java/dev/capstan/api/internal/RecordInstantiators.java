package dev.capstan.api.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.bean.PropertyValueBuffer;

/**
 * Makes Jackson build generated model records through their {@code fromJsonArguments(Object[])}
 * method instead of its generic record instantiation.
 *
 * <h2>Implementation notes</h2> Jackson 3 calls a record's canonical constructor through
 * {@code MethodHandle.invokeWithArguments}, which builds a spreader and a method type on every
 * call; profiles of list decoding put it near a fifth of the CPU. Each generated record has a
 * static {@code fromJsonArguments} that calls its constructor directly; this looks it up once per
 * type and invokes it with {@code invokeExact}. Jackson still decides everything else (which
 * properties, in which order, the any-setter map), so the argument array is exactly what the
 * canonical constructor takes. Failures inside the constructor (a wrong {@code kind}) are
 * reported through Jackson's instantiation-problem path, so they keep their JSON location.
 */
public final class RecordInstantiators implements ValueInstantiators {

    @Override
    public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier description) {
        return null;
    }

    @Override
    public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier description,
            ValueInstantiator instantiator) {
        Class<?> type = description.getBeanClass();
        if (!type.isRecord() || !type.getName().startsWith("dev.capstan.api.") || !instantiator.canCreateFromObjectWith()) {
            return instantiator;
        }
        try {
            MethodHandle factory = MethodHandles.publicLookup()
                    .findStatic(type, "fromJsonArguments", MethodType.methodType(type, Object[].class))
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new Direct(instantiator, factory);
        } catch (NoSuchMethodException | IllegalAccessException notGenerated) {
            return instantiator; // a hand-written record: Jackson's own way
        }
    }

    /** Delegates everything but the construction itself. */
    private static final class Direct extends ValueInstantiator.Delegating {
        private static final long serialVersionUID = 1L;
        private final transient MethodHandle factory;

        Direct(ValueInstantiator delegate, MethodHandle factory) {
            super(delegate);
            this.factory = factory;
        }

        @Override
        public ValueInstantiator createContextual(DeserializationContext ctxt, BeanDescription.Supplier description) {
            ValueInstantiator contextual = delegate().createContextual(ctxt, description);
            return contextual == delegate() ? this : new Direct(contextual, factory);
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
            try {
                return (Object) factory.invokeExact(args);
            } catch (JacksonException e) {
                throw e;
            } catch (Throwable e) {
                return ctxt.handleInstantiationProblem(getValueClass(), args, e);
            }
        }

        @Override
        public Object createFromObjectWith(DeserializationContext ctxt, SettableBeanProperty[] props, PropertyValueBuffer buffer)
                throws JacksonException {
            return createFromObjectWith(ctxt, buffer.getParameters(ctxt, props));
        }
    }
}
