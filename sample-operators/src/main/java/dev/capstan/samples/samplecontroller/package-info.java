/**
 * Kubernetes' sample-controller on Capstan: the {@link dev.capstan.samples.samplecontroller.Foo}
 * resource, its key-based {@link dev.capstan.samples.samplecontroller.FooReconciler}, the Spring
 * Boot application {@link dev.capstan.samples.samplecontroller.SampleControllerApplication}
 * (entry point), and {@link dev.capstan.samples.samplecontroller.Demo}, the README's one-command
 * demo on a local control plane.
 */
package dev.capstan.samples.samplecontroller;
