/**
 * Annotations that refine the schema {@link dev.capstan.crd.CrdGenerator} derives from a custom
 * resource's Java types: {@link dev.capstan.crd.schema.Required},
 * {@link dev.capstan.crd.schema.Description}, {@link dev.capstan.crd.schema.Default}, value
 * constraints ({@link dev.capstan.crd.schema.Minimum}, {@link dev.capstan.crd.schema.Maximum},
 * {@link dev.capstan.crd.schema.Pattern}, {@link dev.capstan.crd.schema.MinLength},
 * {@link dev.capstan.crd.schema.MaxLength}, {@link dev.capstan.crd.schema.MinItems},
 * {@link dev.capstan.crd.schema.MaxItems}), {@link dev.capstan.crd.schema.PreserveUnknownFields},
 * and on the resource class {@link dev.capstan.crd.schema.PrinterColumn}.
 *
 * <p>{@code @Required} is a declaration annotation (record components, fields). The others
 * are type-use annotations: they constrain the type they are written on, so they also work
 * inside type arguments, and Java's type-annotation syntax applies.
 *
 * <pre>{@code
 * ✅ List<@Pattern("^[a-z]+$") String> tags      // each tag
 * ✅ @MinItems(1) List<String> tags               // the list
 * ❌ @MinItems(1) String[] tags                   // annotates String, the element: fails
 * ✅ String @MinItems(1) [] tags                  // annotates the array
 * ❌ @Description("…") Outer.Nested nested        // compile error: "scoping construct cannot be annotated"
 * ✅ Outer.@Description("…") Nested nested        // or import Nested
 * }</pre>
 *
 * See docs/custom-resources.md for every annotation and the schema each Java type maps to.
 */
@NullMarked
package dev.capstan.crd.schema;

import org.jspecify.annotations.NullMarked;
