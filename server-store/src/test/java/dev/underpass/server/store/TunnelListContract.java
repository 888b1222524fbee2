package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ListTunnels: newest first, stable pages, the thing filter, and tokens this store never issued. */
interface TunnelListContract extends StoreFixture {

    @Test
    default void tunnelsAreListedNewestFirstWithTheIdBreakingTies() {
        issue("b", T0).createIn(store());
        issue("a", T0).createIn(store());
        issue("old", T0.minusSeconds(60)).createIn(store());
        issue("new", T0.plusSeconds(60)).createIn(store());
        issue("micro-later", T0.plusNanos(1000)).createIn(store());

        TunnelPage page = store().list(null, 100, null);

        assertThat(page.tunnels()).extracting(Tunnel::tunnelId).containsExactly("new", "micro-later", "b", "a", "old");
        assertThat(page.nextToken()).isNull();
    }

    @Test
    default void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            issue("t-" + i, T0.plusSeconds(i % 3)).createIn(store());
        }
        List<String> expected = store().list(null, 100, null).tunnels().stream().map(Tunnel::tunnelId).toList();

        List<List<String>> pages = pagesOf(null, 3);

        assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(expected).hasSize(7);
    }

    @Test
    default void aPageThatEndsExactlyAtTheLastTunnelHasNoNextToken() {
        issue("a", T0).createIn(store());
        issue("b", T0.plusSeconds(1)).createIn(store());

        assertThat(store().list(null, 2, null).nextToken()).isNull();
    }

    @Test
    default void tunnelsCreatedAfterTheFirstPageDoNotShowUpOnLaterPages() {
        issue("a", T0).createIn(store());
        issue("b", T0.plusSeconds(1)).createIn(store());
        TunnelPage first = store().list(null, 1, null);
        issue("c", T0.plusSeconds(2)).createIn(store());

        TunnelPage second = store().list(null, 1, first.nextToken());

        assertThat(first.tunnels()).extracting(Tunnel::tunnelId).containsExactly("b");
        assertThat(second.tunnels()).extracting(Tunnel::tunnelId).containsExactly("a");
        assertThat(second.nextToken()).isNull();
    }

    @Test
    default void theThingFilterKeepsOnlyThatThingsTunnelsAcrossPages() {
        DestinationConfig thing2 = new DestinationConfig("thing-2", List.of("SSH"));
        for (int i = 0; i < 5; i++) {
            issue("one-" + i, T0.plusSeconds(i)).createIn(store());
            issue("two-" + i, T0.plusSeconds(i), thing2, 60, Map.of()).createIn(store());
        }
        issue("none", T0, null, 60, Map.of()).createIn(store());

        List<List<String>> pages = pagesOf("thing-2", 2);

        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactly("two-4", "two-3", "two-2", "two-1", "two-0");
        assertThat(store().list("thing-9", 10, null).tunnels()).isEmpty();
        assertThat(store().list(null, 100, null).tunnels()).hasSize(11);
    }

    @Test
    default void closedTunnelsAreListedUntilPurged() {
        issue("a", T0).createIn(store());
        store().close("a", T0.plusSeconds(1));

        assertThat(store().list(null, 10, null).tunnels()).extracting(Tunnel::status)
                .containsExactly(TunnelStatus.CLOSED);
    }

    @Test
    default void anEmptyStoreListsAnEmptyLastPage() {
        assertThat(store().list(null, 10, null)).isEqualTo(new TunnelPage(List.of(), null));
    }

    @Test
    default void aNextTokenThisStoreNeverIssuedIsRejectedWithAClearMessage() {
        String notBase64 = "not a token!";
        String wrongContent = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        String badNumber = Base64.getUrlEncoder().encodeToString("v1|x|0|a".getBytes(StandardCharsets.UTF_8));

        for (String bad : List.of(notBase64, wrongContent, badNumber, "")) {
            assertThatThrownBy(() -> store().list(null, 10, bad))
                    .isInstanceOf(InvalidNextTokenException.class)
                    .hasMessageContaining("invalid nextToken")
                    .hasMessageContaining("previous page");
        }
    }

    @Test
    default void aPageSizeOutsideOneToTheMaximumIsRejected() {
        assertThatThrownBy(() -> store().list(null, 0, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxResults");
        assertThatThrownBy(() -> store().list(null, JdbcTunnelStore.MAX_PAGE_SIZE + 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<List<String>> pagesOf(String thingName, int size) {
        List<List<String>> pages = new ArrayList<>();
        String next = null;
        do {
            TunnelPage page = store().list(thingName, size, next);
            pages.add(page.tunnels().stream().map(Tunnel::tunnelId).toList());
            next = page.nextToken();
        } while (next != null && pages.size() < 100);
        return pages;
    }
}
