package dev.capstan.boot.webhook;

import java.util.Arrays;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Turns the beans annotated {@link ValidatingWebhook} and {@link MutatingWebhook} into
 * {@link AdmissionWebhooks.Builder} calls, checking each use: the bean implements the right
 * interface, its type argument accepts the declared {@code type}. Errors name the bean and the
 * attribute.
 */
final class AnnotatedWebhooks {
    private AnnotatedWebhooks() {}

    /** Adds every annotated bean of {@code beans} to {@code builder}, in bean-name order. */
    static AdmissionWebhooks.Builder addAll(ListableBeanFactory beans, AdmissionWebhooks.Builder builder) {
        for (String name : sorted(beans.getBeanNamesForAnnotation(ValidatingWebhook.class))) {
            ValidatingWebhook annotation = beans.findAnnotationOnBean(name, ValidatingWebhook.class);
            if (annotation == null) {
                continue;
            }
            String origin = "@ValidatingWebhook on bean '" + name + "'";
            Object bean = beans.getBean(name);
            if (!(bean instanceof AdmissionValidator<?> validator)) {
                throw new IllegalStateException(origin + " (" + ClassUtils.getUserClass(bean).getName()
                        + "): the bean does not implement AdmissionValidator; a validating webhook implements AdmissionValidator<"
                        + annotation.type().getSimpleName() + ">");
            }
            checkTypeArgument(beans, name, bean, AdmissionValidator.class, annotation.type(), origin);
            builder.validating(annotation.path(), uncheckedType(annotation.type()), uncheckedValidator(validator), origin);
        }
        for (String name : sorted(beans.getBeanNamesForAnnotation(MutatingWebhook.class))) {
            MutatingWebhook annotation = beans.findAnnotationOnBean(name, MutatingWebhook.class);
            if (annotation == null) {
                continue;
            }
            String origin = "@MutatingWebhook on bean '" + name + "'";
            Object bean = beans.getBean(name);
            if (!(bean instanceof AdmissionMutator<?> mutator)) {
                throw new IllegalStateException(origin + " (" + ClassUtils.getUserClass(bean).getName()
                        + "): the bean does not implement AdmissionMutator; a mutating webhook implements AdmissionMutator<"
                        + annotation.type().getSimpleName() + ">");
            }
            checkTypeArgument(beans, name, bean, AdmissionMutator.class, annotation.type(), origin);
            builder.mutating(annotation.path(), uncheckedType(annotation.type()), uncheckedMutator(mutator), origin);
        }
        return builder;
    }

    /**
     * Fails when the bean's type argument is known (from its class or its {@code @Bean} method)
     * and cannot hold objects of the declared type.
     */
    private static void checkTypeArgument(ListableBeanFactory beans, String name, Object bean, Class<?> role,
            Class<?> declared, String origin) {
        ResolvableType asRole = ResolvableType.NONE;
        if (beans instanceof ConfigurableListableBeanFactory configurable) {
            try {
                asRole = configurable.getMergedBeanDefinition(name).getResolvableType().as(role);
            } catch (NoSuchBeanDefinitionException e) {
                // A manually registered singleton: only its class tells.
            }
        }
        if (asRole == ResolvableType.NONE || asRole.getGeneric(0).resolve() == null) {
            asRole = ResolvableType.forClass(ClassUtils.getUserClass(bean)).as(role);
        }
        Class<?> argument = asRole.getGeneric(0).resolve();
        if (argument != null && !argument.isAssignableFrom(declared)) {
            throw new IllegalStateException(origin + ": type = " + declared.getSimpleName()
                    + ".class, but the bean implements " + role.getSimpleName() + "<" + argument.getSimpleName()
                    + ">; make them agree");
        }
    }

    @SuppressWarnings("unchecked")
    private static AdmissionValidator<Object> uncheckedValidator(AdmissionValidator<?> validator) {
        return (AdmissionValidator<Object>) validator;
    }

    @SuppressWarnings("unchecked")
    private static AdmissionMutator<Object> uncheckedMutator(AdmissionMutator<?> mutator) {
        return (AdmissionMutator<Object>) mutator;
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> uncheckedType(Class<?> type) {
        return (Class<Object>) type;
    }

    private static String[] sorted(String[] names) {
        String[] copy = names.clone();
        Arrays.sort(copy);
        return copy;
    }
}
