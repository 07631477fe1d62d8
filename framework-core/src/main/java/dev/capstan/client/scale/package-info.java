/**
 * The scale subresource of any scalable resource — Deployments, ReplicaSets, StatefulSets,
 * ReplicationControllers, and custom resources whose CRD declares a {@code scale} subresource —
 * read and written as {@code autoscaling/v1 Scale}.
 *
 * <p>The entry point is {@link dev.capstan.client.scale.ScaleClient#create}; it finds the
 * resource and checks that it is scalable through a
 * {@link dev.capstan.client.discovery.RestMapper}. See docs/discovery-and-scale.md.
 */
@NullMarked
package dev.capstan.client.scale;

import org.jspecify.annotations.NullMarked;
