/**
 * Capstan: client-go's architecture for Java — clients, informers, workqueues and
 * controllers, with no Spring dependency.
 *
 * <p>This module grows by feature packages ({@code api}, {@code client}, {@code informer},
 * {@code workqueue}, {@code controller}, …; see docs/architecture.md). {@link dev.capstan.Capstan}
 * tells which build is running.
 */
package dev.capstan;
