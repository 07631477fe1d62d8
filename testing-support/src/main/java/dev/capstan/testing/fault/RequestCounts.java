package dev.capstan.testing.fault;

/**
 * How many requests of each kind the proxy has received (injected and black-holed ones included).
 *
 * @param lists collection GETs without {@code watch}
 * @param watches watch requests
 * @param others everything else
 */
public record RequestCounts(long lists, long watches, long others) {
    /** All requests. */
    public long total() {
        return lists + watches + others;
    }
}
