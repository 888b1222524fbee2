package dev.underpass.server.store;

import java.util.List;
import java.util.Objects;

/**
 * One page of a registry listing.
 *
 * @param items     the items on this page, in the listing's order; unmodifiable
 * @param nextToken pass it back for the next page; {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextToken) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }
}
