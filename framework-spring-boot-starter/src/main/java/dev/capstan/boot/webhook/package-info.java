/**
 * Kubernetes admission webhooks served by the application's WebFlux server.
 *
 * <p>What a user writes: a bean implementing {@link dev.capstan.boot.webhook.AdmissionValidator}
 * annotated {@link dev.capstan.boot.webhook.ValidatingWebhook}, or one implementing
 * {@link dev.capstan.boot.webhook.AdmissionMutator} annotated
 * {@link dev.capstan.boot.webhook.MutatingWebhook}. Each receives an
 * {@link dev.capstan.boot.webhook.AdmissionRequest} carrying the object already decoded into the
 * declared type. Validators answer with an {@link dev.capstan.boot.webhook.AdmissionResult};
 * mutators return the changed object, and the JSON patch the API server needs is computed from
 * it.
 *
 * <p>Entry points: {@link dev.capstan.boot.webhook.AdmissionWebhookAutoConfiguration} (turns the
 * annotated beans into routes and serves TLS from {@code capstan.webhook.cert-dir}) and, one
 * level down, {@link dev.capstan.boot.webhook.AdmissionWebhooks}, the builder the annotations
 * expand to. See docs/admission-webhooks.md.
 */
@NullMarked
package dev.capstan.boot.webhook;

import org.jspecify.annotations.NullMarked;
