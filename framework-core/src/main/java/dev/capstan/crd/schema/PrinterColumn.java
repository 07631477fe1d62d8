package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A column {@code kubectl get} shows for the resource: one of the version's
 * {@code additionalPrinterColumns}, in the order the annotations appear. Put it on the
 * resource class; repeat it for more columns.
 *
 * <p>Once a resource declares any column, kubectl no longer adds the {@code AGE} column by
 * itself: declare it like the other columns if you want it.
 *
 * <pre>{@code
 * @Group("example.com") @Version("v1")
 * @PrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = PrinterColumn.Type.INTEGER)
 * @PrinterColumn(name = "Phase", jsonPath = ".status.phase")
 * @PrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = PrinterColumn.Type.DATE)
 * public record Cache(String apiVersion, String kind, ObjectMeta metadata, CacheSpec spec, CacheStatus status)
 *         implements KubernetesObject {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(PrinterColumns.class)
public @interface PrinterColumn {

    /** The column header, for example {@code Replicas}. */
    String name();

    /**
     * A simple JSONPath into the object, starting with a dot, for example
     * {@code .status.phase} or {@code .spec.containers[0].image}.
     */
    String jsonPath();

    /** How kubectl formats the value. Default {@link Type#STRING}. */
    Type type() default Type.STRING;

    /** A human-readable description of the column; default none. */
    String description() default "";

    /**
     * 0 (the default) shows the column always; a greater number shows it only in wide output
     * ({@code kubectl get -o wide}).
     */
    int priority() default 0;

    /** The OpenAPI type of a column, which tells kubectl how to format it. */
    enum Type {
        /** {@code string}. */
        STRING("string"),
        /** {@code integer}. */
        INTEGER("integer"),
        /** {@code number}. */
        NUMBER("number"),
        /** {@code boolean}. */
        BOOLEAN("boolean"),
        /** {@code date}: an RFC 3339 timestamp, shown as an age such as {@code 5m}. */
        DATE("date");

        private final String openApiName;

        Type(String openApiName) {
            this.openApiName = openApiName;
        }

        /** The name in the CustomResourceDefinition, for example {@code integer}. */
        public String openApiName() {
            return openApiName;
        }
    }
}
