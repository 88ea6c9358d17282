package io.tradecredit.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/features.md, made from {@link FeatureCatalog} so the page and the columns cannot drift apart (FeatureDocsTest
 * fails when the committed page differs). Regenerate after changing the catalog:
 *
 * <pre>mvn -B -q -pl jobs compile &amp;&amp; java -cp jobs/target/classes io.tradecredit.features.FeatureDocs docs/features.md</pre>
 */
public final class FeatureDocs {
  static final String REGENERATE =
      "mvn -B -q -pl jobs compile && java -cp jobs/target/classes io.tradecredit.features.FeatureDocs docs/features.md";

  private FeatureDocs() {}

  public static String markdown() {
    StringBuilder md = new StringBuilder()
        .append("# Features: the columns of credit.company_features\n\n")
        .append("Generated from `jobs/src/main/java/io/tradecredit/features/FeatureCatalog.java`; do not edit by hand.\n")
        .append("Regenerate with `").append(REGENERATE).append("`.\n\n")
        .append("One row per company per `as_of_date` D. A window of N days covers D-N+1..D inclusive; window 0 is\n")
        .append("a state as of D. Every feature sees only drops with dt <= D and events dated by D (landing.md,\n")
        .append("Run dates). Identifier columns before the features: company_id, registry_country,\n")
        .append("registration_number, legal_name, match_method and match_confidence (published.md); as_of_date\n")
        .append("last.\n\n")
        .append("Trade features are sums over the days of their window of `gold.company_activity_daily`, the\n")
        .append("per-company, per-event-day partials a night updates from what its deliveries changed\n")
        .append("(docs/operations.md); counts of distinct buyers and countries are exact. Registry, identity and\n")
        .append("credit-event features come from silver as of D.\n");
    String family = null;
    for (Feature f : FeatureCatalog.FEATURES.stream()
        .sorted(java.util.Comparator.comparing(Feature::family, FeatureDocs::familyOrder)).toList()) {
      if (!f.family().equals(family)) {
        family = f.family();
        md.append("\n## ").append(family).append("\n\n")
            .append("| name | definition | window (days) | unit | null means |\n")
            .append("|---|---|---|---|---|\n");
      }
      md.append("| `").append(f.name()).append("` | ").append(f.definition()).append(" | ")
          .append(f.window() == 0 ? "as of D" : String.valueOf(f.window())).append(" | ").append(f.unit())
          .append(" | ").append(f.whenNull()).append(" |\n");
    }
    return md.toString();
  }

  /** Families in the order a reader meets them; the sort is stable, so catalog order holds within one. */
  private static int familyOrder(String a, String b) {
    java.util.List<String> order = java.util.List.of("seller", "buyer", "registry", "history");
    return Integer.compare(order.indexOf(a), order.indexOf(b));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: FeatureDocs <path of features.md to write>");
      System.exit(2);
    }
    Files.writeString(Path.of(args[0]), markdown(), StandardCharsets.UTF_8);
  }
}
