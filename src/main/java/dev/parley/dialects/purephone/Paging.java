package dev.parley.dialects.purephone;

import java.util.Optional;

/**
 * The phone's paging. An answer carries at most a page of entries; {@code nextPage} says how to go on
 * toward the limit that was asked for, never past the total, and is absent once the request is met or the
 * data ends (the phone's own rule, which its document contradicts in places; see DIALECTS.md).
 */
final class Paging {

    private Paging() {}

    /** Where the next request should start and how much it should ask for. */
    record NextPage(long offset, long limit) {}

    /** How many entries to load for a request: a page at most, and no more than asked for. */
    static int entriesToLoad(int limit, int pageSize) {
        return Math.min(limit, pageSize);
    }

    static Optional<NextPage> next(long offset, long limit, int returned, long total, int pageSize) {
        long off = offset + returned;
        if (limit > returned && off < total) {
            return Optional.of(new NextPage(off, Math.min(pageSize, Math.min(total, off + limit - returned) - off)));
        }
        return Optional.empty();
    }
}
