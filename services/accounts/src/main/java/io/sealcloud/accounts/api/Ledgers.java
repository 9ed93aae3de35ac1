package io.sealcloud.accounts.api;

import io.sealcloud.accounts.api.MoneyViews.EntryView;
import io.sealcloud.accounts.service.AccountQueries;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** The paged entries listing, shared by the caller's own endpoint and the ops one. */
final class Ledgers {

    private Ledgers() {}

    static Uni<Paged<EntryView>> entries(
            AccountQueries queries,
            String accountId,
            String type,
            String from,
            String to,
            Integer limit,
            String cursor) {
        String entryType = MoneyParams.entryType(type);
        Instant fromTime = MoneyParams.instant("from", from);
        Instant toTime = MoneyParams.instant("to", to);
        int size = Cursors.limit(limit);
        Long before = Cursors.parse(cursor);
        return queries.entries(accountId, before, entryType, fromTime, toTime, size + 1)
                .map(found -> Paged.of(found.stream().map(EntryView::of).toList(), size, e -> Cursors.of(e.seq())));
    }
}
