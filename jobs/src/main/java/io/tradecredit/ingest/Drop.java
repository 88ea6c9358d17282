package io.tradecredit.ingest;

import java.time.LocalDate;
import java.util.List;

/**
 * One delivery of one feed: {@code <landing>/<feed>/dt=YYYY-MM-DD/}.
 *
 * @param files data files in it (markers and hidden files excluded)
 * @param complete whether its {@code _SUCCESS} marker is there
 * @param fingerprint hash of every file's name, size and modification time: a re-delivery changes it
 */
public record Drop(Feed feed, LocalDate dt, String path, List<String> files, boolean complete, String fingerprint) {}
