package io.codingit.github.internal;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class LinkHeaderTest {
    @Test
    void findsTheNextLinkWhereverItStands() {
        assertThat(LinkHeader.next("<https://api.github.com/user/repos?page=3>; rel=\"last\", "
                + "<https://api.github.com/user/repos?page=2>; rel=\"next\""))
                .contains(URI.create("https://api.github.com/user/repos?page=2"));
        assertThat(LinkHeader.next("<https://h/x?page=2>;rel=next"))
                .contains(URI.create("https://h/x?page=2"));
    }

    @Test
    void noNextLinkOnTheLastPageOrWithoutAHeader() {
        assertThat(LinkHeader.next("<https://h/x?page=1>; rel=\"prev\", <https://h/x?page=1>; rel=\"first\"")).isEmpty();
        assertThat(LinkHeader.next(null)).isEmpty();
        assertThat(LinkHeader.next("")).isEmpty();
    }

    @Test
    void aRelThatOnlyContainsNextIsNotNext() {
        assertThat(LinkHeader.next("<https://h/x?page=9>; rel=\"nextish\"")).isEmpty();
    }
}
