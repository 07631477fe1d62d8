/**
 * CustomResourceDefinition manifests generated from Java: the entry point is
 * {@link dev.capstan.crd.CrdGenerator}, which turns a custom-resource class annotated with
 * {@link dev.capstan.api.annotation.Group @Group} and {@link dev.capstan.api.annotation.Version @Version}
 * into an {@code apiextensions.k8s.io/v1} CustomResourceDefinition whose structural schema is
 * derived from the class's {@code spec} and {@code status} types and refined by the
 * annotations of {@link dev.capstan.crd.schema}.
 *
 * <h2>In a Maven build</h2> Run {@link dev.capstan.crd.CrdGenerator#main} after compilation
 * with exec-maven-plugin's {@code java} goal; it writes one {@code <plural>.<group>.yaml} per
 * class into the directory given first:
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>org.codehaus.mojo</groupId>
 *   <artifactId>exec-maven-plugin</artifactId>
 *   <version>3.5.0</version>
 *   <executions>
 *     <execution>
 *       <id>generate-crds</id>
 *       <phase>process-classes</phase>   <!-- after compile: the classes must exist -->
 *       <goals>
 *         <goal>java</goal>
 *       </goals>
 *       <configuration>
 *         <mainClass>dev.capstan.crd.CrdGenerator</mainClass>
 *         <classpathScope>compile</classpathScope>
 *         <arguments>
 *           <argument>${project.build.directory}/crds</argument>
 *           <argument>com.example.cache.Cache</argument>
 *           <argument>com.example.cache.CacheBackup</argument>
 *         </arguments>
 *       </configuration>
 *     </execution>
 *   </executions>
 * </plugin>
 * }</pre>
 *
 * {@code mvn package} (or any phase from {@code process-classes} on; plain {@code mvn compile}
 * stops before it) then leaves {@code target/crds/caches.example.com.yaml} and
 * {@code target/crds/cachebackups.example.com.yaml}, ready for {@code kubectl apply -f}. A class
 * the generator cannot describe fails the build with the generator's message, for example
 * {@code com.example.cache.Cache: spec.limits: Map keys must be strings, got Integer}.
 * From code, {@link dev.capstan.crd.CrdGenerator#generate} gives the tree to send to the API
 * server and {@link dev.capstan.crd.CrdGenerator#toYaml} the YAML text.
 *
 * <p>docs/custom-resources.md describes how to write a custom-resource class, every annotation
 * and the schema each Java type maps to.
 */
@NullMarked
package dev.capstan.crd;

import org.jspecify.annotations.NullMarked;
