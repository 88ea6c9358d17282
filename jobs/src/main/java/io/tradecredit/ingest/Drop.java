package io.tradecredit.ingest;

import java.time.LocalDate;
import java.util.List;

/**
 * One delivery of one feed: {@code <landing>/<feed>/dt=YYYY-MM-DD/}.
 *
 * @param files data files in it (markers, hidden files, folders and links excluded)
 * @param links symbolic links in it, or the drop folder itself when it is one: never followed, quarantined whole
 * @param complete whether its {@code _SUCCESS} marker is there (a drop folder that is a link is complete: it is
 *     quarantined, not waited for)
 * @param fingerprint hash of every file's name, size and modification time: a re-delivery changes it
 */
public record Drop(Feed feed, LocalDate dt, String path, List<String> files, List<String> links, boolean complete,
    String fingerprint) {}
