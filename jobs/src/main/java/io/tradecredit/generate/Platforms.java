package io.tradecredit.generate;

import java.util.List;

/** The marketplaces that report orders, payments, disputes and accounts, and the carriers that report shipments. */
public final class Platforms {
  /**
   * @param offsetHours the zone the producer writes its timestamps in
   * @param jsonl whether it delivers JSONL (else CSV)
   * @param driftColumn an extra column the producer sends that the contract does not know (schema drift), or null
   */
  public record Platform(String code, String prefix, double share, int offsetHours, boolean jsonl,
      String driftColumn) {}

  public static final List<Platform> ALL = List.of(
      new Platform("tradehub", "TH", 35, 0, false, null),
      new Platform("silkmart", "SM", 25, 8, true, "channel"),
      new Platform("bazaarb2b", "BZ", 18, 0, false, null),
      new Platform("andesmart", "AM", 12, -5, false, null),
      new Platform("gulfbay", "GB", 10, 4, true, null));

  private static final double[] CUMULATIVE = Rng.cumulative(ALL.stream().mapToDouble(Platform::share).toArray());

  /** @param sea whether the carrier moves containers (long transit) rather than parcels */
  public record Carrier(String code, String prefix, int offsetHours, boolean sea) {}

  public static final List<Carrier> CARRIERS = List.of(
      new Carrier("dhl", "", 0, false),
      new Carrier("fedex", "", 0, false),
      new Carrier("ups", "1Z", 0, false),
      new Carrier("maersk", "MAEU", 0, true),
      new Carrier("msc", "MEDU", 0, true),
      new Carrier("cosco", "COSU", 8, true));

  public static final List<String> REPORTERS = List.of("lender-a", "lender-b", "insurer-c", "insurer-d", "factor-e");

  private Platforms() {}

  public static int pick(double u) {
    return Rng.pick(CUMULATIVE, u);
  }
}
