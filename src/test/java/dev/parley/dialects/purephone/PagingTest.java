package dev.parley.dialects.purephone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The nextPage rule on the document's and the examples. */
class PagingTest {

    @Test
    void sixAskedForSixGoOnFromFourForTwo() {
        assertThat(Paging.next(0, 6, 4, 6, 4)).contains(new Paging.NextPage(4, 2));
        assertThat(Paging.next(4, 2, 2, 6, 4)).isEmpty();
    }

    @Test
    void thirteenAskedForThirteenGoOnFourAtATime() {
        assertThat(Paging.next(0, 13, 4, 13, 4)).contains(new Paging.NextPage(4, 4));
        assertThat(Paging.next(4, 9, 4, 13, 4)).contains(new Paging.NextPage(8, 4));
        assertThat(Paging.next(8, 5, 4, 13, 4)).contains(new Paging.NextPage(12, 1));
        assertThat(Paging.next(12, 1, 1, 13, 4)).isEmpty();
    }

    @Test
    void theTotalCapsTheNextPageAndASatisfiedRequestHasNone() {
        assertThat(Paging.next(0, 7, 3, 3, 4)).as("the data ends").isEmpty();
        assertThat(Paging.next(2, 3, 3, 6, 4)).as("three asked, three given").isEmpty();
        assertThat(Paging.next(1, 100, 4, 6, 4)).contains(new Paging.NextPage(5, 1));
        assertThat(Paging.next(0, 0, 0, 6, 4)).as("limit 0: the total only").isEmpty();
    }

    @Test
    void aRequestLoadsAPageAtMostAndNoMoreThanAskedFor() {
        assertThat(Paging.entriesToLoad(13, 4)).isEqualTo(4);
        assertThat(Paging.entriesToLoad(3, 4)).isEqualTo(3);
        assertThat(Paging.entriesToLoad(0, 4)).isZero();
    }
}
