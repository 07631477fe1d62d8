package dev.capstan.client.config;

/** Credentials that never change: a kubeconfig token or client certificate, or none. */
final class FixedCredentials implements CredentialProvider {

    static final FixedCredentials NONE = new FixedCredentials(Credentials.none());

    private final Credentials credentials;

    FixedCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Credentials current() {
        return credentials;
    }

    @Override
    public void invalidate() {
        // Nothing to refresh: the same credentials will be presented again.
    }

    @Override
    public String toString() {
        if (credentials instanceof Credentials.BearerToken) {
            return "static bearer token";
        }
        return credentials instanceof Credentials.ClientCertificate ? "static client certificate" : "no credentials";
    }
}
