package io.tradecredit.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A seller's trading partners: a few buyers, drawn once, that it sells to again and again on a platform both use.
 * Buyers are drawn with a heavy tail too: low ids are big buyers with many suppliers.
 */
final class Partners {
  record Partner(Company buyer, int platform) {}

  private static final int ATTEMPTS = 6;

  private Partners() {}

  static List<Partner> of(WorldSpec spec, Company seller) {
    int wanted = 1 + (int) Math.round(2 * Math.log1p(seller.ordersPerYear() / 4));
    List<Partner> out = new ArrayList<>(wanted);
    for (int j = 0; j < wanted; j++) {
      for (int a = 0; a < ATTEMPTS; a++) {
        double u = Rng.uniform(spec.seed(), "partner", seller.id(), j, a);
        long id = Math.min(spec.companies() - 1, (long) (spec.companies() * Math.pow(u, 1.7)));
        if (id == seller.id()) {
          continue;
        }
        Company buyer = Company.of(spec, id);
        int platform = commonPlatform(seller, buyer);
        if (platform >= 0) {
          out.add(new Partner(buyer, platform));
          break;
        }
      }
    }
    return out;
  }

  private static int commonPlatform(Company seller, Company buyer) {
    for (Company.Account a : seller.accounts()) {
      if (buyer.accountOn(a.platform()) != null) {
        return a.platform();
      }
    }
    return -1;
  }

  /** The partner of the next order: the first partners take most orders (repeat relationships). */
  static Partner pick(List<Partner> partners, double u) {
    return partners.get((int) (partners.size() * u * u));
  }
}
