package dev.capstan.client.rest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a successful response's body while it arrives (see {@link RestClient#exchange(RestRequest, BodyReader)}).
 * Runs on a blocking-capable thread, never on the event loop; reading may block until the next
 * chunk arrives.
 *
 * @param <T> what the body decodes to
 */
@FunctionalInterface
public interface BodyReader<T> {
    /**
     * Reads the body. The stream ends with the body; it need not be read to the end (the rest is
     * discarded) and must not be closed by the reader.
     *
     * @param body the body as it arrives
     * @param response the status code and {@code Content-Type} (its {@link RestResponse#body()} is empty)
     * @throws IOException when the body breaks off (the exchange reports the broken connection, and
     *     retries a GET as it does for a reset before the response)
     */
    T read(InputStream body, RestResponse response) throws IOException;
}
