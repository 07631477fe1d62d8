/**
 * Controllers: the custom-controller half of the seed document. Event handlers on shared
 * informers map events to {@link dev.capstan.controller.Request} keys in a rate-limited work
 * queue; worker threads pop keys and call {@link dev.capstan.controller.Reconciler#reconcile}.
 *
 * <p>Entry points: {@link dev.capstan.controller.Controller#builder} for one controller and
 * {@link dev.capstan.controller.Manager} to run several on one client and one informer factory.
 * See docs/controllers.md.
 */
@NullMarked
package dev.capstan.controller;

import org.jspecify.annotations.NullMarked;
