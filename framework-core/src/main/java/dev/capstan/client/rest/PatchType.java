package dev.capstan.client.rest;

/** The patch formats the API server accepts, with their content types. */
public enum PatchType {
    /** RFC 6902 JSON Patch: a list of operations. */
    JSON("application/json-patch+json"),
    /** RFC 7386 JSON Merge Patch: lists are replaced whole. */
    MERGE("application/merge-patch+json"),
    /** Kubernetes strategic merge patch: lists merged by their merge keys (built-in kinds only). */
    STRATEGIC_MERGE("application/strategic-merge-patch+json"),
    /** Server-side apply: the full intent of one field manager. */
    APPLY("application/apply-patch+yaml");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
